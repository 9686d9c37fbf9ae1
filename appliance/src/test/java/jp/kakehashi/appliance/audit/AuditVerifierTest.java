package jp.kakehashi.appliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
    @TempDir
    Path dir;

    Path log;

    @BeforeEach
    void writeLog() {
        AuditKeys keys = AuditKeys.loadOrGenerate(
                dir.resolve("keys/audit.key"), dir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
        try (AuditLog audit = AuditLog.open(dir, keys, Clock.systemUTC())) {
            for (int i = 0; i < 100; i++) {
                audit.append(new AuditEvent(
                        AuditType.ITEM_DOWNLOADED, "tanaka", "lgwan", "item" + i, Map.of("name", "見積書" + i + ".docx")));
            }
        }
        log = dir.resolve(AuditLog.LOG);
    }

    @Test
    void anUntouchedLogVerifiesWithItsCheckpoints() {
        AuditVerifier.Result r = AuditVerifier.verify(dir);
        assertThat(r.ok()).as(r.problem()).isTrue();
        assertThat(r.records()).isEqualTo(100);
        assertThat(r.checkpoints()).isEqualTo(2);
    }

    @Test
    void flippingOneByteNamesTheAlteredRecord() throws Exception {
        List<String> lines = lines();
        lines.set(41, lines.get(41).replace("見積書41", "見積書99"));
        write(lines);
        assertThat(AuditVerifier.verify(dir).problem()).contains("record 42").contains("altered");
    }

    @Test
    void deletingARecordIsDetected() throws Exception {
        List<String> lines = lines();
        lines.remove(10);
        write(lines);
        assertThat(AuditVerifier.verify(dir).problem()).contains("record 11");
    }

    @Test
    void swappingTwoRecordsIsDetected() throws Exception {
        List<String> lines = lines();
        Collections.swap(lines, 20, 21);
        write(lines);
        assertThat(AuditVerifier.verify(dir).ok()).isFalse();
        assertThat(AuditVerifier.verify(dir).problem()).contains("record 21");
    }

    @Test
    void cuttingTheTailAfterTheLastCheckpointIsDetected() throws Exception {
        List<String> lines = lines();
        write(new ArrayList<>(lines.subList(0, 90)));
        assertThat(AuditVerifier.verify(dir).problem()).contains("were removed");
    }

    @Test
    void aForgedCheckpointSignatureIsDetected() throws Exception {
        Path cps = dir.resolve(AuditLog.CHECKPOINTS);
        String text = Files.readString(cps);
        // Change the signature's first character to a different one (replacing it by a fixed 'A'
        // left it unchanged whenever it already was 'A', one run in 64).
        int at = text.indexOf("\"signature\":\"") + "\"signature\":\"".length();
        char forged = text.charAt(at) == 'A' ? 'B' : 'A';
        Files.writeString(cps, text.substring(0, at) + forged + text.substring(at + 1));
        assertThat(AuditVerifier.verify(dir).problem()).contains("invalid signature");
    }

    @Test
    void anExportedBundleVerifiesOffline() throws Exception {
        Path bundle = dir.resolve("bundle.zip");
        AuditBundle.export(dir, bundle);
        assertThat(AuditVerifier.verify(bundle).ok()).isTrue();
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
