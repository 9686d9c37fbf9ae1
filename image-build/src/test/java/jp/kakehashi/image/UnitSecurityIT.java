package jp.kakehashi.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every long-running or privileged unit the appliance starts is confined: {@code systemd-analyze
 * security --offline=true} rates each 2.0 or lower, read from the image's own root with its
 * drop-ins, the way the appliance's systemd sees them.
 */
class UnitSecurityIT {
    private static final List<String> UNITS = List.of(
            "kakehashi.service",
            "kakehashi-firewall.service",
            "clamav-daemon.service",
            "clamav-freshclam.service",
            "chrony.service",
            "systemd-networkd.service",
            "rsyslog.service");
    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d+)");

    @Test
    void everyUnitIsRatedTwoOrLower() throws Exception {
        Image image = Image.build();
        Map<String, Double> rating = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        for (String unit : UNITS) {
            String out =
                    Cmd.ok("systemd-analyze", "security", "--offline=true", "--no-pager", "--root=" + image.root, unit);
            Matcher m = OVERALL.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            rating.put(unit, Double.parseDouble(m.group(2)));
            table.append(String.format("%-28s %s%n", unit, m.group(2)));
        }
        Files.writeString(Path.of("target", "systemd-analyze-security.txt"), table);
        System.out.println("systemd-analyze security --offline=true (exposure, lower is safer):\n" + table);
        List<String> tooExposed = new ArrayList<>();
        rating.forEach((unit, level) -> {
            if (level > 2.0) {
                tooExposed.add(unit + " " + level);
            }
        });
        assertThat(tooExposed).as(table.toString()).isEmpty();
    }

    @Test
    void everyUnitTheImageEnablesIsRated() throws Exception {
        Image image = Image.build();
        // A service enabled in the image but missing from the list above would escape the rating.
        List<String> enabled = new ArrayList<>();
        try (var wants = Files.list(image.root.resolve("etc/systemd/system/multi-user.target.wants"))) {
            wants.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service"))
                    .forEach(enabled::add);
        }
        assertThat(UNITS).containsAll(enabled);
    }
}
