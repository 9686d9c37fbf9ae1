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
import java.util.Optional;
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
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] content = e.getValue();
            Optional<String> type = Signatures.of(content, Math.min(content.length, Signatures.HEAD));
            if (type.isEmpty()) {
                continue;
            }
            signed++;
            Path file = Files.write(dir.resolve("f" + signed), content);
            for (String name :
                    List.of(e.getKey(), "x.ai", "x.eps", "x.txt", "x.doc", "x.exe", "x.svg", "x.html", "noext")) {
                String tika = detector.detectWithTika(file, name);
                String ours = detector.detect(file, name).mediaType();
                if (!tika.equals(ours)) {
                    disagreements.add(e.getKey() + " as " + name + ": ours " + ours + ", Tika " + tika);
                }
            }
        }
        assertThat(signed).as("the corpora hold files of every signature").isGreaterThan(40);
        assertThat(disagreements).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
