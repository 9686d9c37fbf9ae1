package jp.kakehashi.sanitizer.specimens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.kakehashi.sanitizer.ArchiveLimits;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents embedded in documents obey the same nesting limit as archives in archives. */
class EmbeddedDepthTest {
    @TempDir
    Path dir;

    @Test
    void aDocumentNestedDeeperThanTheLimitIsDroppedAndOneWithinItStays() throws Exception {
        ArchiveLimits d = ArchiveLimits.defaults();
        ArchiveLimits oneLevel = new ArchiveLimits(
                d.maxEntries(), d.maxExpandedBytes(), d.maxRatio(), d.ratioFloorBytes(), d.maxPackageXmlBytes(), 1);
        SanitizerConfig defaults = SanitizerConfig.defaults();
        Sanitizer sanitizer = Sanitizer.create(
                new SanitizerConfig(oneLevel, defaults.maxPdfObjects(), defaults.maxTextChars(), defaults.images()));
        String sheet = HostileSpecimens.OD + "spreadsheetml.sheet";
        String package_ = HostileSpecimens.R + "package";
        byte[] withSheet = HostileSpecimens.part(
                HostileSpecimens.docx("内側"),
                HostileSpecimens.EMBEDDED_XLSX,
                sheet,
                package_,
                HostileSpecimens.xlsx("予算"));
        byte[] twoDeep = HostileSpecimens.part(
                HostileSpecimens.docx("外側"),
                "word/embeddings/inner.docx",
                HostileSpecimens.OD + "wordprocessingml.document",
                package_,
                withSheet);

        assertThat(disarm(sanitizer, "one.docx", withSheet).removals()).isEmpty();
        assertThat(disarm(sanitizer, "two.docx", twoDeep).removals())
                .extracting(Removal::kind, Removal::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "ole-object", "/word/embeddings/inner.docx (it contained ole-object)"));
    }

    private DisarmResult.Disarmed disarm(Sanitizer sanitizer, String name, byte[] content) throws Exception {
        Path in = dir.resolve(name);
        Files.write(in, content);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(r).as(name).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }
}
