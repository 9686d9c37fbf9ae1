package jp.kakehashi.appliance.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.kakehashi.appliance.config.ApplianceConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --data-dir}, shared by the commands that use the appliance's data. */
final class DataOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: $KAKEHASHI_CONFIG, else ./kakehashi.yaml if present).")
    @Nullable
    Path config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory (default: from the configuration, else ./data).")
    @Nullable
    Path dataDir;

    ApplianceConfig load() {
        Path file = config;
        // On the appliance the console command sets it, so every subcommand reads /etc/kakehashi.
        String fromEnvironment = System.getenv("KAKEHASHI_CONFIG");
        if (file == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
            file = Path.of(fromEnvironment);
        }
        if (file == null && Files.exists(Path.of("kakehashi.yaml"))) {
            file = Path.of("kakehashi.yaml");
        }
        ApplianceConfig c =
                file == null ? ApplianceConfig.defaults(Path.of("data").toAbsolutePath()) : ApplianceConfig.load(file);
        return dataDir == null ? c : c.withDataDir(dataDir.toAbsolutePath());
    }
}
