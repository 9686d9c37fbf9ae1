package jp.kakehashi.appliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code audit verify} under a fuzzer (ISSUE 21 §8, ATTACKS F-14): any change to the bytes of a real
 * signed log is reported as a problem, and the verifier never throws, whatever the bytes.
 */
class AuditVerifyFuzzTest {
    private static final Pristine PRISTINE = Pristine.create();

    /** A real log of 30 records with its signed checkpoints, written once per run. */
    private record Pristine(Path dir, byte[] log) {
        static Pristine create() {
            try {
                Path dir = Files.createTempDirectory("audit-fuzz");
                AuditKeys keys = AuditKeys.loadOrGenerate(
                        dir.resolve("keys/audit.key"), dir.resolve(AuditLog.PUBLIC_KEY), new SecureRandom());
                try (AuditLog audit = AuditLog.open(dir, keys, Clock.systemUTC())) {
                    for (int i = 0; i < 30; i++) {
                        audit.append(new AuditEvent(
                                AuditType.ITEM_DOWNLOADED,
                                "tanaka",
                                "lgwan",
                                "item" + i,
                                Map.of("name", "見積書" + i + ".docx")));
                    }
                }
                return new Pristine(dir, Files.readAllBytes(dir.resolve(AuditLog.LOG)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Each three input bytes overwrite one byte of the log: two for where, one for what. */
    @FuzzTest(maxDuration = "60s")
    void anyAlteredByteIsFoundAndNothingThrows(byte[] edits) throws IOException {
        byte[] log = PRISTINE.log().clone();
        for (int i = 0; i + 2 < edits.length; i += 3) {
            int at = (((edits[i] & 0xff) << 8) | (edits[i + 1] & 0xff)) % log.length;
            log[at] = edits[i + 2];
        }
        Files.write(PRISTINE.dir().resolve(AuditLog.LOG), log);
        AuditVerifier.Result result = AuditVerifier.verify(PRISTINE.dir());
        if (Arrays.equals(log, PRISTINE.log())) {
            assertThat(result.ok()).as(result.problem()).isTrue();
        } else {
            assertThat(result.ok()).as("an altered log verified").isFalse();
            assertThat(result.problem()).isNotBlank();
        }
    }
}
