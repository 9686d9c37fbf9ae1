package jp.kakehashi.appliance.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import jp.kakehashi.sanitizer.ClamdClient;
import org.junit.jupiter.api.Test;

class PortalAdministrationTest {
    @Test
    void theSignatureDateIsReadFromClamdsVersionLine() {
        assertThat(ClamdClient.signaturesDate("ClamAV 1.4.3/27470/Tue Nov 24 08:33:03 2026"))
                .contains(LocalDateTime.of(2026, 11, 24, 8, 33, 3)
                        .atZone(ZoneId.systemDefault())
                        .toInstant());
        assertThat(ClamdClient.signaturesDate("ClamAV 1.4.3/27470/Sun Nov  1 08:33:03 2026"))
                .isPresent();
        assertThat(ClamdClient.signaturesDate("ClamAV 1.4.3"))
                .as("only the test database")
                .isEmpty();
        assertThat(ClamdClient.signaturesDate("")).isEmpty();
    }

    @Test
    void linksUseTheListenerAddressWithIpv6InBrackets() {
        assertThat(PortalAdministration.baseUrl("192.0.2.10", 8441)).isEqualTo("https://192.0.2.10:8441");
        assertThat(PortalAdministration.baseUrl("2001:db8::1", 8442)).isEqualTo("https://[2001:db8::1]:8442");
        assertThat(PortalAdministration.baseUrl("0.0.0.0", 8443))
                .startsWith("https://")
                .endsWith(":8443")
                .doesNotContain("0.0.0.0");
    }
}
