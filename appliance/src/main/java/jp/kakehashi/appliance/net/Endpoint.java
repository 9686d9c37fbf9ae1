package jp.kakehashi.appliance.net;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;

/**
 * A peer the appliance itself connects to (the signature mirror, NTP, syslog, the SMTP relay),
 * written {@code ADDRESS:PORT} or {@code [IPv6]:PORT}. The address is a literal for the same
 * reason as {@link Cidr}: the firewall admits exactly it.
 */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /**
     * Reads {@code ADDRESS:PORT}; a bare address takes {@code defaultPort}.
     *
     * @throws IllegalArgumentException with a reason in Japanese and English
     */
    public static Endpoint parse(String text, int defaultPort) {
        String t = text.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': ] is missing (] がありません)");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + text + "': write [ADDRESS]:PORT ([アドレス]:ポート の形で指定してください)");
                }
                port = t.substring(close + 2);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = t;
        }
        int p = defaultPort;
        if (port != null) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'" + text + "': the port must be 1-65535 (ポート番号は 1〜65535 です)");
            }
            p = Integer.parseInt(port);
        }
        return new Endpoint(Cidr.literal(host), p);
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
    }
}
