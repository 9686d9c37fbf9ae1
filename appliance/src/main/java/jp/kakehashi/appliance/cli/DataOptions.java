package jp.kakehashi.appliance.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    /** The configuration file in use, if any: {@code --config}, else $KAKEHASHI_CONFIG, else ./kakehashi.yaml. */
    Optional<Path> file() {
        // On the appliance the console command sets it, so every subcommand reads /etc/kakehashi.
        String fromEnvironment = System.getenv("KAKEHASHI_CONFIG");
        if (config != null) {
            return Optional.of(config);
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(Path.of(fromEnvironment));
        }
        return Files.exists(Path.of("kakehashi.yaml")) ? Optional.of(Path.of("kakehashi.yaml")) : Optional.empty();
    }

    ApplianceConfig load() {
        Optional<Path> file = file();
        ApplianceConfig c = file.isEmpty()
                ? ApplianceConfig.defaults(Path.of("data").toAbsolutePath())
                : ApplianceConfig.load(file.get());
        return dataDir == null ? c : c.withDataDir(dataDir.toAbsolutePath());
    }
}
