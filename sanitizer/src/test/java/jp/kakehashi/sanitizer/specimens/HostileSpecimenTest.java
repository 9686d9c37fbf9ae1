package jp.kakehashi.sanitizer.specimens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's hostile-specimen suite: each specimen reaches its verdict, with the removal or
 * reason that proves why, and every disarmed output is re-read by {@link IndependentReader}.
 */
class HostileSpecimenTest {
    private static final Sanitizer SANITIZER = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    static Stream<Specimen> specimens() {
        return HostileSpecimens.all().stream();
    }

    /** Those the sanitizer must change; an animated GIF's extra frames are not an attack the reader looks for. */
    static Stream<Specimen> specimensToDisarm() {
        return specimens()
                .filter(s -> s.verdict() == Verdict.SANITIZED && !s.evidence().equals("animation"));
    }

    @Test
    void theSuiteHasAtLeastSixtySpecimensWithDistinctIds() {
        List<Specimen> all = HostileSpecimens.all();
        Set<String> ids = new HashSet<>();
        assertThat(all)
                .hasSizeGreaterThanOrEqualTo(60)
                .allSatisfy(s ->
                        assertThat(ids.add(s.id())).as("duplicate id " + s.id()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specimens")
    void eachSpecimenReachesItsVerdictAndLeavesNothingActive(Specimen specimen) throws Exception {
        Path in = dir.resolve("in-" + specimen.id());
        Files.write(in, specimen.content());
        DisarmResult result = SANITIZER.disarm(in, SANITIZER.detect(in, specimen.name()), dir);
        switch (result) {
            case DisarmResult.Refused r -> {
                assertThat(r.reason().code().verdict())
                        .as(specimen + ": " + r.reason())
                        .isEqualTo(specimen.verdict());
                assertThat(r.reason().code().name())
                        .as(specimen + ": " + r.reason())
                        .isEqualTo(specimen.evidence());
            }
            case DisarmResult.Disarmed d -> {
                assertThat(d.verdict()).as(specimen + ": " + d.removals()).isEqualTo(specimen.verdict());
                if (!specimen.evidence().isEmpty()) {
                    assertThat(d.removals())
                            .extracting(Removal::kind)
                            .as(specimen.toString())
                            .contains(specimen.evidence());
                }
                assertThat(IndependentReader.leftovers(d.output(), d.mediaType()))
                        .as("left in the output of " + specimen)
                        .isEmpty();
            }
        }
    }

    /** The reader is not blind: it finds the attack in each input the sanitizer had to change. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specimensToDisarm")
    void theIndependentReaderSeesTheAttackInEachInputThatNeedsDisarming(Specimen specimen) throws Exception {
        Path in = dir.resolve("in-" + specimen.id());
        Files.write(in, specimen.content());
        String type = SANITIZER.detect(in, specimen.name()).mediaType();
        assertThat(IndependentReader.leftovers(in, type))
                .as(specimen + " as " + type)
                .isNotEmpty();
    }
}
