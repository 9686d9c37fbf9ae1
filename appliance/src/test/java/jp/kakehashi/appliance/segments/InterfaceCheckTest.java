package jp.kakehashi.appliance.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceCheckTest {
    @TempDir
    Path dir;

    private static Map<String, List<InetAddress>> machine(String int0, String lg0, String my0) {
        Map<String, List<InetAddress>> m = new LinkedHashMap<>();
        m.put("lo", List.of(Cidr.literal("127.0.0.1")));
        m.put("ens-int", List.of(Cidr.literal(int0)));
        m.put("ens-lg", List.of(Cidr.literal(lg0)));
        m.put("ens-my", List.of(Cidr.literal(my0)));
        return m;
    }

    @Test
    void eachZoneOnItsOwnInterfaceStarts() throws Exception {
        ApplianceConfig c = SegmentsConfig.load(dir, SegmentsConfig.YAML);

        assertThat(InterfaceCheck.problems(c, machine("192.0.2.10", "10.20.0.10", "172.16.5.10")))
                .isEmpty();
    }

    @Test
    void anAddressOnTheWrongInterfaceIsRefused() throws Exception {
        ApplianceConfig c = SegmentsConfig.load(dir, SegmentsConfig.YAML);
        // The cables of the internet and LGWAN segments were swapped at installation.
        Map<String, List<InetAddress>> swapped = machine("10.20.0.10", "192.0.2.10", "172.16.5.10");

        assertThatThrownBy(() -> InterfaceCheck.require(c, swapped))
                .isInstanceOf(SegmentsRefused.class)
                .hasMessageContaining("起動しません / not starting")
                .hasMessageContaining("192.0.2.10 は ens-int にありません / 192.0.2.10 is not on ens-int")
                .hasMessageContaining("192.0.2.10 is on ens-lg, not only on ens-int")
                .hasMessageContaining("10.20.0.10 is not on ens-lg");
    }

    @Test
    void twoZonesOnOneInterfaceOrAddressAreRefused() throws Exception {
        ApplianceConfig shared = SegmentsConfig.load(
                dir,
                SegmentsConfig.YAML
                        .replace("interface: ens-my", "interface: ens-lg")
                        .replace("172.16.5.10", "10.20.0.10"));

        assertThat(InterfaceCheck.problems(shared, machine("192.0.2.10", "10.20.0.10", "172.16.5.10")))
                .anySatisfy(p -> assertThat(p).contains("mynumber").contains("shares interface ens-lg with lgwan"))
                .anySatisfy(p -> assertThat(p).contains("shares address 10.20.0.10 with lgwan"));
    }

    @Test
    void aWildcardOrLoopbackAddressIsRefusedOnTheAppliance() throws Exception {
        ApplianceConfig c = SegmentsConfig.load(dir, SegmentsConfig.YAML.replace("172.16.5.10", "0.0.0.0"));

        assertThat(InterfaceCheck.problems(c, machine("192.0.2.10", "10.20.0.10", "172.16.5.10")))
                .anySatisfy(p -> assertThat(p).contains("listens on every interface or on loopback"));
    }

    @Test
    void namingSomeInterfacesButNotAllIsRefused() throws Exception {
        ApplianceConfig c = SegmentsConfig.load(dir, SegmentsConfig.YAML.replace("    interface: ens-my\n", ""));

        assertThat(InterfaceCheck.problems(c, machine("192.0.2.10", "10.20.0.10", "172.16.5.10")))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("mynumber").contains("names no interface"));
    }

    @Test
    void developmentOnLoopbackIsNotChecked() {
        ApplianceConfig c = ApplianceConfig.defaults(dir);

        assertThat(InterfaceCheck.appliance(c)).isFalse();
        assertThat(InterfaceCheck.problems(c, machine("192.0.2.10", "10.20.0.10", "172.16.5.10")))
                .isEmpty();
    }
}
