package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.segments.Firewall;
import jp.kakehashi.appliance.segments.SegmentsRefused;
import org.jspecify.annotations.Nullable;
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

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write to FILE (replaced whole, owner-only) instead of standard output.")
    @Nullable
    Path output;

    @Override
    public Integer call() throws IOException {
        ApplianceConfig config = data.load();
        try {
            String text = listeners
                    ? Firewall.listeners(config).stream().map(s -> s + "\n").collect(Collectors.joining())
                    : Firewall.rules(config);
            if (output == null) {
                System.out.print(text);
                System.out.flush();
            } else {
                // nft reads the file right after: never a half-written ruleset, even on a crash.
                Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (SegmentsRefused e) {
            System.err.println("kakehashi: " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
