package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jp.kakehashi.sanitizer.specimens.LegacySpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier reads legacy Office through POI's document models, not the disarmer's record
 * walk: handed each hostile file as it came in (as if the rebuild had skipped a step), it must
 * name a problem; handed a clean one, none.
 */
class LegacyOfficeVerifierTest {
    private final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    static Stream<Specimen> legacy() {
        return LegacySpecimens.all().stream().filter(s -> !s.evidence().equals("ENCRYPTED_CONTENT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacy")
    void theVerifierFindsWhatTheRebuildMustRemoveAndPassesWhatIsClean(Specimen specimen) throws Exception {
        Path file = dir.resolve("raw");
        Files.write(file, specimen.content());
        String type = sanitizer.detect(file, specimen.name()).mediaType();
        if (specimen.verdict() == Verdict.CLEAN) {
            assertThat(new Verifier(1000).problem(file, type))
                    .as(specimen.toString())
                    .isEmpty();
        } else {
            assertThat(new Verifier(1000).problem(file, type))
                    .as(specimen.toString())
                    .isPresent();
        }
    }
}
