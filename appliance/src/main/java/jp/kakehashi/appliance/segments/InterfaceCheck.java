package jp.kakehashi.appliance.segments;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.config.ApplianceConfig.Listener;
import jp.kakehashi.appliance.net.Cidr;
import jp.kakehashi.policies.Zone;

/**
 * Before any listener opens: each zone's address sits on its own segment's interface and on no
 * other, and no two zones share an interface or an address. A zone bound to the wrong interface
 * would put, say, the LGWAN portal on the internet wire, with nothing else to notice it.
 *
 * <p>A configuration that names no interface at all is development on one machine (the zones share
 * loopback); naming some but not all is a mistake, and is refused.
 */
public final class InterfaceCheck {
    private InterfaceCheck() {}

    /** The machine's interfaces and their addresses, as the kernel reports them now. */
    public static Map<String, List<InetAddress>> system() {
        Map<String, List<InetAddress>> out = new LinkedHashMap<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.put(n.getName(), Collections.list(n.getInetAddresses()));
            }
        } catch (SocketException e) {
            throw new SegmentsRefused(
                    "ネットワークインタフェースを読み取れません / cannot list the network interfaces",
                    List.of(String.valueOf(e.getMessage())));
        }
        return out;
    }

    /** Whether the configuration names the segments' interfaces (an installed appliance). */
    public static boolean appliance(ApplianceConfig config) {
        return config.listeners().values().stream()
                .anyMatch(l -> l.interfaceName().isPresent());
    }

    /**
     * Every problem found, empty when the zones are apart as configured.
     *
     * @param interfaces interface name to its addresses ({@link #system()} at start)
     */
    public static List<String> problems(ApplianceConfig config, Map<String, List<InetAddress>> interfaces) {
        if (!appliance(config)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Map<String, Zone> byInterface = new HashMap<>();
        Map<InetAddress, Zone> byAddress = new HashMap<>();
        for (Zone zone : Zone.values()) {
            Listener l = config.listener(zone);
            String z = zone.word() + " (" + zone.japaneseName() + ")";
            Optional<String> name = l.interfaceName();
            if (name.isEmpty()) {
                problems.add(z + ": zones." + zone.word() + ".interface が未設定です / names no interface, while"
                        + " other zones do; every segment needs its own");
                continue;
            }
            InetAddress address;
            try {
                address = Cidr.literal(l.address());
            } catch (IllegalArgumentException e) {
                problems.add(z + ": " + e.getMessage());
                continue;
            }
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
                problems.add(z + ": " + l.address() + " はすべてのインタフェース、またはループバックを指します / listens on"
                        + " every interface or on loopback; give the address of " + name.get());
            }
            Zone other = byInterface.putIfAbsent(name.get(), zone);
            if (other != null) {
                problems.add(z + ": インタフェース " + name.get() + " は " + other.word() + " と共有されています / shares"
                        + " interface " + name.get() + " with " + other.word() + "; each segment needs its own");
            }
            Zone sameAddress = byAddress.putIfAbsent(address, zone);
            if (sameAddress != null) {
                problems.add(z + ": アドレス " + l.address() + " は " + sameAddress.word() + " と共有されています / shares"
                        + " address " + l.address() + " with " + sameAddress.word());
            }
            List<InetAddress> mine = interfaces.get(name.get());
            if (mine == null) {
                problems.add(z + ": インタフェース " + name.get() + " がありません / interface " + name.get()
                        + " does not exist (present: " + String.join(", ", interfaces.keySet()) + ")");
            } else if (!mine.contains(address)) {
                problems.add(z + ": " + l.address() + " は " + name.get() + " にありません / " + l.address() + " is not on "
                        + name.get() + " (it has " + addresses(mine) + ")");
            }
            for (Map.Entry<String, List<InetAddress>> e : interfaces.entrySet()) {
                if (!e.getKey().equals(name.get()) && e.getValue().contains(address)) {
                    problems.add(z + ": " + l.address() + " は別のインタフェース " + e.getKey() + " にあります / " + l.address()
                            + " is on " + e.getKey() + ", not only on " + name.get());
                }
            }
        }
        return problems;
    }

    /**
     * Refuses to go on when {@link #problems} finds any.
     *
     * @throws SegmentsRefused listing every problem
     */
    public static void require(ApplianceConfig config, Map<String, List<InetAddress>> interfaces) {
        List<String> problems = problems(config, interfaces);
        if (!problems.isEmpty()) {
            throw new SegmentsRefused(
                    "セグメントの設定がネットワークと一致しないため起動しません / not starting: the segments do not match" + " the network",
                    problems);
        }
    }

    private static String addresses(List<InetAddress> list) {
        return list.isEmpty()
                ? "no address"
                : String.join(
                        ", ", list.stream().map(InetAddress::getHostAddress).toList());
    }
}
