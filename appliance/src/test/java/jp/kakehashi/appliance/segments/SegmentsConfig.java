package jp.kakehashi.appliance.segments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.kakehashi.appliance.config.ApplianceConfig;

/** An installed appliance's configuration: three segments, each on its own interface. */
final class SegmentsConfig {
    private SegmentsConfig() {}

    static final String YAML = """
            zones:
              internet:
                address: 192.0.2.10
                interface: ens-int
                sftp-port: 22
                https-port: 443
              lgwan:
                address: 10.20.0.10
                interface: ens-lg
                sftp-port: 22
                https-port: 443
                allow-from: [10.20.0.0/16, 10.99.1.5]
              mynumber:
                address: 172.16.5.10
                interface: ens-my
                sftp-port: 22
                https-port: 443
            outbound:
              signature-mirror: [198.51.100.7:3128]
              ntp: [192.0.2.123]
              syslog: 10.20.0.50:6514
              directory: [10.20.0.60]
            """;

    static ApplianceConfig load(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("kakehashi.yaml");
        Files.writeString(file, yaml);
        return ApplianceConfig.load(file);
    }
}
