package jp.kakehashi.appliance.cli;

import java.util.concurrent.Callable;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.segments.Firewall;
import jp.kakehashi.appliance.segments.SegmentsRefused;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kakehashi firewall}: prints the nftables ruleset generated from the configuration (the
 * image's firewall unit loads it with {@code nft -f} at every boot), or with {@code --listeners}
 * the sockets the daemon will open, which is what {@code ss -ltn} must show.
 */
@Command(name = "firewall", description = "Print the nftables rules generated from the configuration (ファイアウォール規則の生成).")
final class FirewallCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--listeners", description = "Print the listening sockets instead, one ADDRESS:PORT a line.")
    boolean listeners;

    @Override
    public Integer call() {
        ApplianceConfig config = data.load();
        try {
            if (listeners) {
                Firewall.listeners(config).forEach(System.out::println);
            } else {
                System.out.print(Firewall.rules(config));
            }
        } catch (SegmentsRefused e) {
            System.err.println("kakehashi: " + e.getMessage());
            return 2;
        }
        System.out.flush();
        return 0;
    }
}
