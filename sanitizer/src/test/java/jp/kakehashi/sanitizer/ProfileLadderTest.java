package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import jp.kakehashi.sanitizer.specimens.IndependentReader;
import jp.kakehashi.sanitizer.specimens.Specimen;
import jp.kakehashi.sanitizer.specimens.Zips;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuild → flatten → text: a file the verifier rejects falls to the next profile the ladder allows. */
class ProfileLadderTest {
    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    /** A PDF "disarmer" that copies its input: the verifier must catch it, and flatten must take over. */
    @Test
    void aPdfRebuildTheVerifierRejectsIsFlattenedAndTheReportSaysWhy() throws Exception {
        Sanitizer broken = withCopyingPdfDisarmer();
        Path pdf = write("in.pdf", specimen("PDF-01"));

        DisarmResult result = broken.disarm(pdf, broken.detect(pdf, "報告.pdf"), dir);

        assertThat(result).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.FLATTEN);
            assertThat(d.removals()).extracting(Removal::kind).containsExactly("fallback", "flattened");
            assertThat(d.removals().getFirst().detail()).contains("rebuild").contains("VERIFY_FAILED");
        });
        Path out = ((DisarmResult.Disarmed) result).output();
        assertThat(IndependentReader.leftovers(out, "application/pdf")).isEmpty();
        try (PDDocument doc = Loader.loadPDF(out.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(doc.getPage(0).getResources().getXObjectNames()).hasSize(1);
        }
    }

    @Test
    void withoutFlattenInTheLadderTheSameFileIsRefused() throws Exception {
        Path pdf = write("in.pdf", specimen("PDF-01"));
        Sanitizer broken = withCopyingPdfDisarmer();
        assertThat(broken.disarm(pdf, broken.detect(pdf, "a.pdf"), dir, DisarmOptions.ladder(List.of(Profile.REBUILD))))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(ReasonCode.VERIFY_FAILED));
    }

    @Test
    void anOldExcelFileWithAMacroSheetBecomesTextWhenThePolicyAllowsText() throws Exception {
        Path xls = write("old.xls", specimen("LEG-03"));
        DisarmResult result = sanitizer.disarm(
                xls,
                sanitizer.detect(xls, "old.xls"),
                dir,
                DisarmOptions.ladder(List.of(Profile.REBUILD, Profile.TEXT)));
        assertThat(result).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.TEXT);
            assertThat(d.nameFor("old.xls")).isEqualTo("old.txt");
            assertThat(d.removals()).extracting(Removal::kind).containsExactly("fallback", "converted");
        });
        assertThat(Files.readString(((DisarmResult.Disarmed) result).output(), StandardCharsets.UTF_8))
                .contains("研修（職員向け）");
    }

    @Test
    void programsBombsAndEncryptedFilesNeverFallToText() throws Exception {
        DisarmOptions all = DisarmOptions.ladder(List.of(Profile.REBUILD, Profile.FLATTEN, Profile.TEXT));
        for (String id : List.of("TYP-01", "TYP-05", "ARC-03", "ARC-04", "XML-02", "PDF-18", "OFF-13")) {
            Specimen s = HostileSpecimens.all().stream()
                    .filter(x -> x.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            Path in = write("in-" + id, s.content());
            DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, s.name()), dir, all);
            assertThat(r)
                    .as(id)
                    .isInstanceOfSatisfying(
                            DisarmResult.Refused.class,
                            refused ->
                                    assertThat(refused.reason().code().name()).isEqualTo(s.evidence()));
        }
    }

    @Test
    void aPolicyMayAskForTextStraightAway() throws Exception {
        Path docx = write("in.docx", specimen("OFF-01a"));
        DisarmResult r = sanitizer.disarm(
                docx, sanitizer.detect(docx, "見積書.docm"), dir, DisarmOptions.ladder(List.of(Profile.TEXT)));
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.TEXT);
            assertThat(d.mediaType()).isEqualTo("text/plain");
        });
    }

    @Test
    void ladderWordsAreCheckedWithAReadableMessage() {
        assertThat(Profile.ladder("rebuild, text")).containsExactly(Profile.REBUILD, Profile.TEXT);
        assertThatThrownBy(() -> Profile.ladder("rebuild,pixels"))
                .hasMessageContaining("unknown profile 'pixels'")
                .hasMessageContaining("rebuild, flatten or text");
    }

    @Test
    void eachTypeGetsItsOwnLadderAndAFamilyEntryCoversItsMembers() {
        DisarmOptions options = new DisarmOptions(
                Profile.DEFAULT_LADDER,
                Map.of("application/pdf", Profile.TEXT.atLeast(), "image/*", Profile.FLATTEN.atLeast()),
                Optional.empty());
        assertThat(options.ladderFor("application/pdf")).containsExactly(Profile.TEXT);
        assertThat(options.ladderFor("image/png")).containsExactly(Profile.FLATTEN, Profile.TEXT);
        assertThat(options.ladderFor("text/plain")).containsExactly(Profile.REBUILD, Profile.FLATTEN);
        assertThat(Profile.REBUILD.atLeast()).isEqualTo(Profile.DEFAULT_LADDER);
        assertThatThrownBy(() -> new DisarmOptions(List.of(), Map.of(), Optional.empty()))
                .hasMessageContaining("at least one profile");
    }

    /** Zipping a PDF must not escape the profile the policy sets for PDFs: the ZIP is rebuilt, its PDF becomes text. */
    @Test
    void aMemberOfAZipFollowsTheLadderOfItsOwnType() throws Exception {
        Path zip = write("in.zip", Zips.write(Map.of("報告.pdf", specimen("PDF-00"), "写真.png", specimen("IMG-00"))));
        DisarmOptions pdfAsText = new DisarmOptions(
                Profile.DEFAULT_LADDER, Map.of("application/pdf", List.of(Profile.TEXT)), Optional.empty());

        DisarmResult r = sanitizer.disarm(zip, sanitizer.detect(zip, "資料.zip"), dir, pdfAsText);

        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.REBUILD);
            assertThat(d.mediaType()).isEqualTo("application/zip");
        });
        Map<String, byte[]> members = Zips.read(Files.readAllBytes(((DisarmResult.Disarmed) r).output()));
        assertThat(members.keySet()).containsExactlyInAnyOrder("報告.txt", "写真.png");
    }

    @Test
    void anImageFlattenedIsRebuiltFromItsPixelsAndSaysSo() throws Exception {
        Path png = write("in.png", specimen("IMG-00"));
        DisarmResult r = sanitizer.disarm(
                png, sanitizer.detect(png, "写真.png"), dir, DisarmOptions.ladder(Profile.FLATTEN.atLeast()));
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.method()).isEqualTo(Profile.FLATTEN);
            assertThat(d.mediaType()).isEqualTo("image/png");
        });
    }

    @Test
    void archiveLimitsGivenWithTheRequestReplaceTheConfiguredOnes() throws Exception {
        Path zip = write("in.zip", Zips.write(Map.of("a.txt", bytes("a"), "b.txt", bytes("b"), "c.txt", bytes("c"))));
        Detection detection = sanitizer.detect(zip, "三件.zip");
        ArchiveLimits d = ArchiveLimits.defaults();
        ArchiveLimits twoEntries = new ArchiveLimits(
                2, d.maxExpandedBytes(), d.maxRatio(), d.ratioFloorBytes(), d.maxPackageXmlBytes(), d.maxDepth());

        assertThat(sanitizer.disarm(zip, detection, dir)).isInstanceOf(DisarmResult.Disarmed.class);
        assertThat(sanitizer.disarm(zip, detection, dir, DisarmOptions.DEFAULTS.withArchives(twoEntries)))
                .isInstanceOfSatisfying(DisarmResult.Refused.class, refused -> {
                    assertThat(refused.reason().code()).isEqualTo(ReasonCode.ARCHIVE_LIMIT);
                    assertThat(refused.reason().detail()).contains("more than 2 entries");
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A sanitizer whose PDF "disarmer" copies its input: only the verifier stands between it and publication. */
    private static Sanitizer withCopyingPdfDisarmer() {
        return CopyingDisarmer.sanitizerWith(new CopyingDisarmer("application/pdf", ".pdf"));
    }

    private static byte[] specimen(String id) {
        return HostileSpecimens.all().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .content();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }
}
