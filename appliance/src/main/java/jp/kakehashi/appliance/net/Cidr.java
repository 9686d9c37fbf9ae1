package jp.kakehashi.appliance.net;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address range written as an IP literal with an optional prefix length ({@code 10.2.0.0/24},
 * {@code 192.0.2.7}, {@code fd00::/64}). Host names are refused: the firewall is written before
 * any resolver answers, and a name that resolves differently tomorrow would open another door.
 *
 * @param address the first address of the range, host bits cleared
 * @param prefix the prefix length: 32 (IPv4) or 128 (IPv6) for one address
 */
public record Cidr(InetAddress address, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix must be 0-" + max + ", was " + prefix);
        }
        address = masked(address, prefix);
    }

    /**
     * Reads {@code ADDRESS} or {@code ADDRESS/PREFIX}.
     *
     * @throws IllegalArgumentException with a reason in Japanese and English
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        InetAddress a = literal(slash < 0 ? t : t.substring(0, slash));
        int max = a.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(a, max);
        }
        String p = t.substring(slash + 1);
        if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
            throw new IllegalArgumentException("'" + text + "': the prefix length after / must be 0-" + max
                    + " (/ の後のプレフィックス長は 0〜" + max + " です)");
        }
        return new Cidr(a, Integer.parseInt(p));
    }

    /**
     * An IP address literal, never looked up in DNS.
     *
     * @throws IllegalArgumentException for a host name or a malformed address
     */
    public static InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address; write the address, not a host name"
                    + " (IP アドレスで指定してください。ホスト名は使えません)");
        }
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (IPv4 アドレスとして正しくありません)");
                }
            }
        }
        try {
            // A literal of digits, dots and colons: InetAddress parses it without any lookup.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (IP アドレスとして正しくありません)", e);
        }
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    public boolean contains(InetAddress a) {
        byte[] mine = address.getAddress();
        byte[] theirs = a.getAddress();
        return mine.length == theirs.length && masked(a, prefix).equals(address);
    }

    /** As nftables and people write it: the bare address for a single host. */
    @Override
    public String toString() {
        String a = address.getHostAddress();
        return prefix == address.getAddress().length * 8 ? a : a + "/" + prefix;
    }

    private static InetAddress masked(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
