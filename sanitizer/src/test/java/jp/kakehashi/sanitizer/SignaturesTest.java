package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signatures checked before Tika decide only what Tika's whole chain decides too, whatever
 * the file is called (a PDF called .ai is Illustrator's for Tika, and so for us): on every
 * specimen, the benchmark corpora, and look-alikes made for it.
 */
class SignaturesTest {
    @TempDir
    Path dir;

    @Test
    void everySignatureAgreesWithTikasWholeChainUnderEveryName() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Specimen s : HostileSpecimens.all()) {
            files.put(s.id() + "-" + s.name(), s.content());
        }
        files.putAll(HostileSpecimens.cleanCorpus(2));
        files.putAll(HostileSpecimens.mixedCorpus(26));
        byte[] png = HostileSpecimens.cleanCorpus(1).get("photo0.png");
        // An animated PNG (acTL before the image data), a PDF as Illustrator saves one, a PDF with HTML after it.
        files.put(
                "anim.png",
                concat(
                        Arrays.copyOf(png, 33),
                        LosslessPngTest.chunk("acTL", new byte[8]),
                        Arrays.copyOfRange(png, 33, png.length)));
        files.put(
                "drawing.ai",
                "%PDF-1.6\n%âãÏÓ\n1 0 obj<</Creator(Adobe Illustrator 27.0)>>endobj\n%AI9_DataStream\ntrailer<<>>\n%%EOF"
                        .getBytes(StandardCharsets.ISO_8859_1));
        files.put("page.pdf", "%PDF-1.4\n<html><script>alert(1)</script></html>".getBytes(StandardCharsets.ISO_8859_1));
        files.put(
                "gif87.gif", "GIF87a\u0001\u0000\u0001\u0000\u0080\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1));
        TypeDetector detector = new TypeDetector();
        int signed = 0;
        int ooxml = 0;
        List<String> disagreements = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] content = e.getValue();
            Path file = Files.write(dir.resolve("f" + n++), content);
            boolean bySignature = Signatures.of(content, Math.min(content.length, Signatures.HEAD))
                    .isPresent();
            boolean byPackage = !bySignature && PackageSignature.of(file).isPresent();
            if (!bySignature && !byPackage) {
                continue;
            }
            signed += bySignature ? 1 : 0;
            ooxml += byPackage ? 1 : 0;
            for (String name : NAMES) {
                String tika = detector.detectWithTika(file, name.isEmpty() ? e.getKey() : name);
                String ours = detector.detect(file, name.isEmpty() ? e.getKey() : name)
                        .mediaType();
                if (!tika.equals(ours)) {
                    disagreements.add(e.getKey() + " as " + name + ": ours " + ours + ", Tika " + tika);
                }
            }
        }
        assertThat(signed).as("files decided by their first bytes").isGreaterThan(40);
        assertThat(ooxml)
                .as("Word, Excel and PowerPoint packages decided by their main part")
                .isGreaterThan(20);
        assertThat(disagreements).isEmpty();
    }

    /** The file's own name (empty here), and names that claim other types, narrower ones included. */
    private static final List<String> NAMES = List.of(
            "", "x.ai", "x.eps", "x.txt", "x.doc", "x.exe", "x.svg", "x.html", "noext", "x.docx", "x.docm", "x.dotx",
            "x.xlsx", "x.xlsm", "x.xltx", "x.pptx", "x.pptm", "x.ppsx", "x.potx", "x.zip", "x.jar", "x.epub", "x.odt",
            "x.ott", "x.ods", "x.odp");

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
