package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import jp.kakehashi.sanitizer.specimens.OdfSpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenDocument rebuild: what stays for the reader, and what the verifier refuses if the rebuild missed it. */
class OdfDisarmerTest {
    private static final String ODT = "application/vnd.oasis.opendocument.text";
    private final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    static Stream<Specimen> hostile() {
        return OdfSpecimens.all().stream().filter(s -> s.verdict() == Verdict.SANITIZED);
    }

    /** If a removal step were skipped, the verifier would still refuse the package as it came in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void theVerifierRefusesEachHostilePackageAsItCameIn(Specimen specimen) throws Exception {
        Path file = dir.resolve("raw");
        Files.write(file, specimen.content());
        String type = sanitizer.detect(file, specimen.name()).mediaType();
        assertThat(new Verifier(1000).problem(file, type))
                .as(specimen.toString())
                .isPresent();
    }

    @Test
    void aMacroLinkLosesItsTargetButKeepsItsTextAndTheMimetypeStaysFirstAndStored() throws Exception {
        byte[] odt = OdfSpecimens.odt(
                "<text:p>前文<text:a xlink:type=\"simple\" xlink:href=\"macro:///Standard.Module1.Main\">"
                        + "ここをクリック</text:a></text:p>");
        Path in = dir.resolve("案内.odt");
        Files.write(in, odt);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, "案内.odt"), dir);
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.mediaType()).isEqualTo(ODT);
            assertThat(d.removals()).extracting(Removal::kind).containsExactly("macro");
        });
        Path out = ((DisarmResult.Disarmed) r).output();
        try (ZipFile zip = new ZipFile(out.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertThat(entries.get(0).getName()).isEqualTo("mimetype");
            assertThat(entries.get(0).getMethod()).isEqualTo(ZipEntry.STORED);
            String content =
                    new String(zip.getInputStream(zip.getEntry("content.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(content).contains("前文").contains("ここをクリック").doesNotContain("macro:");
        }
    }

    @Test
    void theManifestNoLongerListsTheMacroLibrary() throws Exception {
        Specimen basic = OdfSpecimens.all().stream()
                .filter(s -> s.id().equals("ODF-01a"))
                .findFirst()
                .orElseThrow();
        Path in = dir.resolve("議事録.odt");
        Files.write(in, basic.content());
        DisarmResult.Disarmed d = (DisarmResult.Disarmed) sanitizer.disarm(in, sanitizer.detect(in, "議事録.odt"), dir);
        try (ZipFile zip = new ZipFile(d.output().toFile())) {
            assertThat(Collections.list(zip.entries()))
                    .extracting(ZipEntry::getName)
                    .noneMatch(n -> n.startsWith("Basic/"));
            String content =
                    new String(zip.getInputStream(zip.getEntry("content.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(content).contains("議事録").doesNotContain("event-listener");
        }
        assertThat(d.removals()).extracting(Removal::detail).contains("/Basic/Standard/Module1.xml");
    }
}
