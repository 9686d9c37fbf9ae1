package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/**
 * The lossless JPEG path: a camera's photo comes out with exactly its pixels and none of its
 * metadata; anything the path cannot prove well-formed is re-encoded and says so.
 */
class LosslessJpegTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void aCameraPhotoKeepsItsExactImageDataAndOrientationButNoMetadata() throws Exception {
        byte[] plain = photo(320, 240, 0, false);
        byte[] camera = concat(
                Arrays.copyOf(plain, 2),
                segment(0xe1, exif(6)),
                segment(0xe1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>"),
                segment(0xe2, "ICC_PROFILE\0\1\1 a profile"),
                segment(0xed, "Photoshop 3.0\08BIM IPTC caption"),
                segment(0xfe, "<script>alert(1)</script>"),
                Arrays.copyOfRange(plain, 2, plain.length),
                "PK\u0003\u0004 an appended archive".getBytes(StandardCharsets.ISO_8859_1));

        DisarmResult.Disarmed d = disarm("DSC_0001.JPG", camera);

        byte[] out = Files.readAllBytes(d.output());
        assertThat(d.removals())
                .extracting(Removal::kind)
                .contains("metadata", "trailing-data")
                .doesNotContain("re-encoded");
        assertThat(d.removals().toString())
                .contains("EXIF", "XMP", "ICC colour profile", "IPTC", "comment", "appended ZIP archive");
        assertThat(entropyData(out))
                .as("the image data is copied, not re-encoded")
                .isEqualTo(entropyData(plain));
        assertThat(pixels(out)).isEqualTo(pixels(plain));
        assertThat(ExifOrientation.of(out)).as("still shows upright").isEqualTo(6);
        String latin = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(latin).doesNotContain("GPS", "xmpmeta", "ICC_PROFILE", "IPTC", "script", "PK\u0003\u0004");
        assertThat(new Verifier(1000).problem(d.output(), "image/jpeg")).isEmpty();
    }

    @Test
    void aPlainJpegIsCleanAndComesOutByteForByteOfTheSameImage() throws Exception {
        byte[] plain = photo(64, 48, 0, false);
        DisarmResult.Disarmed d = disarm("plain.jpg", plain);
        assertThat(d.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(Files.readAllBytes(d.output())).isEqualTo(plain);
    }

    @Test
    void tablesMayFollowTheFrameHeaderAsPhotoshopWritesThem() throws Exception {
        byte[] plain = photo(48, 32, 0, false);
        int dqt = indexOf(plain, (byte) 0xdb) - 1;
        int sof = indexOf(plain, (byte) 0xc0) - 1;
        int sofEnd = sof + 2 + (((plain[sof + 2] & 0xff) << 8) | (plain[sof + 3] & 0xff));
        assertThat(dqt).isLessThan(sof);
        byte[] photoshop = concat(
                Arrays.copyOf(plain, dqt),
                Arrays.copyOfRange(plain, sof, sofEnd),
                Arrays.copyOfRange(plain, dqt, sof),
                Arrays.copyOfRange(plain, sofEnd, plain.length));
        assertThat(LosslessJpeg.rebuild(photoshop, ImageLimits.defaults()))
                .isInstanceOfSatisfying(
                        LosslessJpeg.Rebuilt.class, r -> assertThat(r.jpeg()).isEqualTo(photoshop));
    }

    @Test
    void restartMarkersAreWalkedAndMustComeInOrder() throws Exception {
        byte[] withRestarts = photo(160, 160, 2, false);
        assertThat(LosslessJpeg.rebuild(withRestarts, ImageLimits.defaults())).isInstanceOf(LosslessJpeg.Rebuilt.class);

        byte[] swapped = withRestarts.clone();
        int first = indexOf(swapped, (byte) 0xd0);
        int second = indexOf(swapped, (byte) 0xd1);
        swapped[first] = (byte) 0xd1;
        swapped[second] = (byte) 0xd0;
        assertThat(LosslessJpeg.rebuild(swapped, ImageLimits.defaults()))
                .isEqualTo(new LosslessJpeg.NotLossless("restart marker missing or out of order"));
    }

    @Test
    void imageDataThatDoesNotWalkIsReEncodedAndTheReceiptSaysSo() throws Exception {
        byte[] plain = photo(320, 240, 0, false);
        int scan = indexOf(plain, (byte) 0xda) + 12;
        // Cut the image data in the middle, as a broken transfer does, keeping the end marker.
        byte[] cut =
                concat(Arrays.copyOf(plain, scan + (plain.length - scan) / 2), new byte[] {(byte) 0xff, (byte) 0xd9});
        assertThat(LosslessJpeg.rebuild(cut, ImageLimits.defaults()))
                .isEqualTo(new LosslessJpeg.NotLossless("the image data ends before its last block"));

        DisarmResult r = sanitizer.disarm(write("cut.jpg", cut), new Detection("image/jpeg", ".jpg", ".jpg"), dir);
        // ImageIO fills what is missing with grey, as viewers do; the receipt names the re-encoding.
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.removals()).contains(new Removal("re-encoded", "the image data ends before its last block"));
            assertThat(Receipts.describe(d.removals().get(0)).ja()).startsWith("画像の描き直し");
        });
    }

    @Test
    void aProgressiveJpegIsCopiedLosslesslyAndItsScansMustProgressInOrder() throws Exception {
        byte[] progressive = photo(120, 72, 0, true);
        DisarmResult.Disarmed d = disarm("progressive.jpg", progressive);
        assertThat(d.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(Files.readAllBytes(d.output())).isEqualTo(progressive);

        // The first scan (DC, first pass) sent twice: a decoder would add the differences twice.
        int first = indexOf(progressive, (byte) 0xda) - 1;
        int second = first + 2;
        while (!((progressive[second] & 0xff) == 0xff && (progressive[second + 1] & 0xff) == 0xda)) {
            second++;
        }
        byte[] twice = concat(
                Arrays.copyOf(progressive, second),
                Arrays.copyOfRange(progressive, first, second),
                Arrays.copyOfRange(progressive, second, progressive.length));
        assertThat(LosslessJpeg.rebuild(twice, ImageLimits.defaults()))
                .isEqualTo(new LosslessJpeg.NotLossless("coefficients coded twice or refined out of order"));
        // Without its first scan, the AC scans come before any DC.
        byte[] noDc =
                concat(Arrays.copyOf(progressive, first), Arrays.copyOfRange(progressive, second, progressive.length));
        assertThat(LosslessJpeg.rebuild(noDc, ImageLimits.defaults()))
                .isEqualTo(new LosslessJpeg.NotLossless("AC coefficients before their DC"));
    }

    @Test
    void arithmeticCodingAndOversizedFramesAreLeftToTheDecodingPath() throws Exception {
        byte[] plain = photo(64, 64, 0, false);
        byte[] arithmetic = plain.clone();
        arithmetic[indexOf(arithmetic, (byte) 0xc0)] = (byte) 0xc9;
        assertThat(LosslessJpeg.rebuild(arithmetic, ImageLimits.defaults()))
                .isEqualTo(new LosslessJpeg.NotLossless("lossless, hierarchical or arithmetic-coded JPEG"));
        assertThat(LosslessJpeg.rebuild(plain, new ImageLimits(64 * 63, 1, 64 * 63)))
                .isEqualTo(new LosslessJpeg.NotLossless("larger than the pixel limit"));
    }

    @Test
    void aHuffmanTableWhoseCodesOverflowIsRefused() throws Exception {
        byte[] plain = photo(32, 32, 0, false);
        byte[] bad = plain.clone();
        int dht = indexOf(bad, (byte) 0xc4) + 3; // the first table's class/id byte: DC luminance
        assertThat(Arrays.copyOfRange(bad, dht, dht + 4)).containsExactly(0, 0, 1, 5);
        bad[dht + 2] = 4; // four codes of length 2 leave no prefix for the longer ones
        bad[dht + 3] = 2;
        assertThat(LosslessJpeg.rebuild(bad, ImageLimits.defaults())).isInstanceOf(LosslessJpeg.NotLossless.class);
    }

    @Test
    void theVerifierRefusesAJpegThatStillCarriesMetadata() throws Exception {
        byte[] plain = photo(32, 32, 0, false);
        Path withComment = write(
                "c.jpg",
                concat(
                        Arrays.copyOf(plain, 2),
                        segment(0xfe, "a comment"),
                        Arrays.copyOfRange(plain, 2, plain.length)));
        assertThat(new Verifier(1000).problem(withComment, "image/jpeg")).contains("image still contains comment");
        Path withExif = write(
                "e.jpg",
                concat(Arrays.copyOf(plain, 2), segment(0xe1, exif(1)), Arrays.copyOfRange(plain, 2, plain.length)));
        assertThat(new Verifier(1000).problem(withExif, "image/jpeg"))
                .contains("image still contains EXIF (camera, date, GPS location)");
    }

    @Test
    void mangledJpegsEndInAVerdictNeverACrash() throws Exception {
        byte[] baseline = photo(96, 64, 1, false);
        byte[] progressive = photo(96, 64, 1, true);
        Random random = new Random(28);
        for (int i = 0; i < 400; i++) {
            byte[] mangled = (i % 2 == 0 ? baseline : progressive).clone();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                mangled[random.nextInt(mangled.length)] = (byte) random.nextInt(256);
            }
            LosslessJpeg.Outcome o = LosslessJpeg.rebuild(mangled, ImageLimits.defaults());
            if (o instanceof LosslessJpeg.Rebuilt r) {
                // Whatever passes must be a JPEG the verifier accepts, with nothing left to remove.
                assertThat(LosslessJpeg.rebuild(r.jpeg(), ImageLimits.defaults()))
                        .isInstanceOfSatisfying(
                                LosslessJpeg.Rebuilt.class,
                                again -> assertThat(again.removals()).isEmpty());
            }
        }
    }

    /** A photo-like image (gradients and noise); {@code restartRows} MCU rows per restart interval, 0 for none. */
    static byte[] photo(int w, int h, int restartRows, boolean progressive) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + random.nextInt(24)) & 0xff;
                int g = (y * 255 / h + random.nextInt(24)) & 0xff;
                int b = ((x + y) * 128 / (w + h) + random.nextInt(24)) & 0xff;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        if (restartRows > 0) {
            String format = "javax_imageio_jpeg_image_1.0";
            Node root = metadata.getAsTree(format);
            Node sequence = ((IIOMetadataNode) root)
                    .getElementsByTagName("markerSequence")
                    .item(0);
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restartRows * ((w + 15) / 16)));
            sequence.insertBefore(dri, sequence.getFirstChild());
            metadata.setFromTree(format, root);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** An APP1 Exif block with the orientation and a GPS pointer, as cameras write. */
    static byte[] exif(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4)
                .put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8})
                .putShort((short) 2)
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putShort((short) 0x8825)
                .putShort((short) 4)
                .putInt(1)
                .putInt(0)
                .putInt(0);
        return concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array());
    }

    static byte[] segment(int marker, String content) {
        return segment(marker, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] segment(int marker, byte[] content) {
        return ByteBuffer.allocate(4 + content.length)
                .put((byte) 0xff)
                .put((byte) marker)
                .putShort((short) (content.length + 2))
                .put(content)
                .array();
    }

    /** The bytes between the (last) scan header and the end marker. */
    private static byte[] entropyData(byte[] jpeg) {
        int sos = -1;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
                sos = i;
                break;
            }
        }
        int start = sos + 2 + (((jpeg[sos + 2] & 0xff) << 8) | (jpeg[sos + 3] & 0xff));
        int end = start;
        while (!((jpeg[end] & 0xff) == 0xff && (jpeg[end + 1] & 0xff) == 0xd9)) {
            end++;
        }
        return Arrays.copyOfRange(jpeg, start, end);
    }

    private static int[] pixels(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** The index of the byte after the first 0xFF followed by {@code marker}. */
    private static int indexOf(byte[] b, byte marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xff && b[i + 1] == marker) {
                return i + 1;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker & 0xff));
    }

    private DisarmResult.Disarmed disarm(String name, byte[] content) throws IOException {
        Path in = write(name, content);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
