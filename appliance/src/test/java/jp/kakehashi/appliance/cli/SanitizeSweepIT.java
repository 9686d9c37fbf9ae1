package jp.kakehashi.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.CliSupport;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, "done when": {@code kakehashi sanitize} returns the DESIGN §6 JSON and exit code for
 * every hostile specimen, with a real clamd; none exits 1, and only what may cross is written.
 */
class SanitizeSweepIT {
    @TempDir
    Path tmp;

    @Test
    void everySpecimenGetsItsReportAndExitCodeAndNoneExitsOne() throws Exception {
        List<Specimen> specimens = new ArrayList<>(HostileSpecimens.all());
        specimens.addAll(HostileSpecimens.malware());
        List<String> wrong = new ArrayList<>();
        try (CliSupport.Clamd clamd = CliSupport.clamd(tmp.resolve("clamd"))) {
            for (Specimen s : specimens) {
                Path in = Files.createDirectories(tmp.resolve("in").resolve(s.id()))
                        .resolve(s.name());
                Files.write(in, s.content());
                Path out = tmp.resolve("out").resolve(s.id());
                CliRunner.Run run =
                        CliRunner.run("", "sanitize", in.toString(), out.toString(), "--clamd", clamd.address());
                JsonNode report = run.json();
                String verdict = report.path("verdict").asText();
                int expectedExit = switch (s.verdict()) {
                    case CLEAN, SANITIZED -> 0;
                    case BLOCKED -> 2;
                    case QUARANTINED -> 3;
                };
                String expectedVerdict = s.verdict().word();
                String expectedCode = s.evidence();
                String code = report.path("reasons").path(0).path("code").asText();
                boolean bomb =
                        s.evidence().equals("ARCHIVE_LIMIT") || s.evidence().equals("RESOURCE_LIMIT");
                if (bomb && code.equals("SCAN_LIMIT")) {
                    // The scanner runs first: its own limits (MaxScanSize, MaxFileSize) stop a bomb, an
                    // archive's or a font program's, before the sanitizer sees it, keeping the original
                    // for the officer (quarantine). Either way nothing crosses.
                    expectedExit = 3;
                    expectedVerdict = "quarantined";
                    expectedCode = "SCAN_LIMIT";
                }
                boolean published = expectedExit == 0;
                if (run.exit() != expectedExit
                        || !verdict.equals(expectedVerdict)
                        || !report.has("detectedType")
                        || !report.path("removed").isArray()
                        || !report.path("receipt").has("ja")
                        || !report.path("receipt").has("en")
                        || report.path("sha256In").asText().length() != 64
                        || (published && !report.path("method").asText().equals("rebuild"))
                        || report.path("outputs").size() != (published ? 1 : 0)
                        || Files.exists(out) != published
                        || (!published && !code.equals(expectedCode))) {
                    wrong.add(s + " → exit " + run.exit() + " " + run.out().strip());
                }
            }
        }
        assertThat(wrong)
                .as("specimens whose sanitize report is not as expected")
                .isEmpty();
    }
}
