package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACKS IMG-01..03, TYPE-03: images come out as pixels only, bombs never decode. */
class ImageDisarmerTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void aPngLosesItsTextChunksAndTheZipAppendedToIt() throws Exception {
        byte[] png = withChunkBeforeIend(
                image("png", 30, 20),
                "tEXt",
                "Comment\0<script>alert(1)</script>".getBytes(StandardCharsets.ISO_8859_1));
        byte[] polyglot = concat(png, "PK\u0003\u0004 an appended jar".getBytes(StandardCharsets.ISO_8859_1));
        DisarmResult.Disarmed d = disarm("photo.png", polyglot);
        assertThat(d.removals()).extracting(Removal::kind).contains("metadata", "trailing-data");
        assertThat(d.removals().toString()).contains("appended ZIP");
        byte[] out = Files.readAllBytes(d.output());
        assertThat(new String(out, StandardCharsets.ISO_8859_1))
                .doesNotContain("PK\u0003\u0004")
                .doesNotContain("script");
        BufferedImage back = ImageIO.read(d.output().toFile());
        assertThat(back.getWidth()).isEqualTo(30);
        assertThat(back.getHeight()).isEqualTo(20);
    }

    @Test
    void aJpegKeepsOnlyItsOrientationAndLosesTheRestOfItsExifIncludingGps() throws Exception {
        byte[] jpeg = withExifOrientation(image("jpeg", 40, 20), 6);
        DisarmResult.Disarmed d = disarm("IMG_0001.JPG", jpeg);
        assertThat(d.extension()).isEqualTo(".jpg");
        assertThat(d.removals().toString()).contains("EXIF");
        byte[] out = Files.readAllBytes(d.output());
        assertThat(ExifOrientation.of(out))
                .as("a viewer still turns it upright")
                .isEqualTo(6);
        assertThat(new String(out, StandardCharsets.ISO_8859_1))
                .as("the orientation block the sanitizer writes, nothing else")
                .contains(new String(LosslessJpeg.orientationBlock(6), StandardCharsets.ISO_8859_1));
        assertThat(out).hasSize(image("jpeg", 40, 20).length + 36);
    }

    @Test
    void aJpegThatMustBeRedrawnIsTurnedUprightAndLosesAllItsExif() throws Exception {
        // Its image data cut short: the lossless path refuses it, a decoder fills the rest with grey.
        byte[] photo = LosslessJpegTest.photo(40, 20, 0, false);
        byte[] cut =
                LosslessJpegTest.concat(Arrays.copyOf(photo, photo.length - 40), new byte[] {(byte) 0xff, (byte) 0xd9});
        DisarmResult.Disarmed d = disarm("IMG_0002.JPG", withExifOrientation(cut, 6));
        assertThat(d.removals()).extracting(Removal::kind).contains("re-encoded", "metadata");
        BufferedImage back = ImageIO.read(d.output().toFile());
        assertThat(back.getWidth()).as("rotated 90 degrees as the camera asked").isEqualTo(20);
        assertThat(back.getHeight()).isEqualTo(40);
        assertThat(new String(Files.readAllBytes(d.output()), StandardCharsets.ISO_8859_1))
                .doesNotContain("Exif");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws Exception {
        byte[] bomb = pngHeaderOnly(50_000, 50_000);
        Path in = write("bomb.png", bomb);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, "bomb.png"), dir);
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Refused.class, f -> {
            assertThat(f.reason().code()).isEqualTo(ReasonCode.IMAGE_TOO_LARGE);
            assertThat(f.reason().detail()).contains("50000 × 50000");
        });
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("no 10 GB raster was allocated").isLessThan(512L << 20);
    }

    @Test
    void animatedGifsKeepTheirFirstFrameAndSaySo() throws Exception {
        DisarmResult.Disarmed d = disarm("anim.gif", sequence("gif", 3));
        assertThat(d.removals().toString()).contains("3 frames");
        assertThat(frames(d.output())).isEqualTo(1);
    }

    @Test
    void everyPageOfAScannedTiffIsKept() throws Exception {
        DisarmResult.Disarmed d = disarm("scan.tif", sequence("tiff", 2));
        assertThat(frames(d.output())).isEqualTo(2);
    }

    @Test
    void truncatedImagesEndInAVerdictNeverACrash() throws Exception {
        byte[] png = image("png", 64, 64);
        for (int len : new int[] {8, 20, 40, png.length / 2, png.length - 13}) {
            Path in = write("cut.png", Arrays.copyOf(png, len));
            DisarmResult r = sanitizer.disarm(in, new Detection("image/png", ".png", ".png"), dir);
            // Cut inside the header or the pixels: refused. Cut after the last pixel (only IEND lost): rebuilt whole.
            if (r instanceof DisarmResult.Disarmed d) {
                assertThat(ImageIO.read(d.output().toFile()).getHeight())
                        .as("length " + len)
                        .isEqualTo(64);
            } else {
                assertThat(((DisarmResult.Refused) r).reason().code())
                        .as("length " + len)
                        .isEqualTo(ReasonCode.MALFORMED);
            }
        }
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

    private static byte[] image(String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) {
            img.setRGB(x, 0, 0xff0000);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private static byte[] sequence(String format, int frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage img = new BufferedImage(
                        16, 16, format.equals("gif") ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
                writer.writeToSequence(new IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
        }
        return bytes.toByteArray();
    }

    private static int frames(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }

    private static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(type.getBytes(StandardCharsets.US_ASCII))
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    private static byte[] withChunkBeforeIend(byte[] png, String type, byte[] data) {
        int iend = png.length - 12;
        return concat(Arrays.copyOf(png, iend), chunk(type, data), Arrays.copyOfRange(png, iend, png.length));
    }

    /** PNG signature, IHDR with the given size, one tiny IDAT, IEND: what a bomb's header looks like. */
    private static byte[] pngHeaderOnly(int w, int h) {
        byte[] ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .array();
        Deflater d = new Deflater();
        d.setInput(new byte[1024]);
        d.finish();
        byte[] idat = new byte[256];
        int n = d.deflate(idat);
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                chunk("IHDR", ihdr),
                chunk("IDAT", Arrays.copyOf(idat, n)),
                chunk("IEND", new byte[0]));
    }

    /** Inserts an APP1 Exif segment with one IFD0 entry, Orientation = {@code orientation}, and a GPS tag pointer. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
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
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array());
        byte[] app1 = ByteBuffer.allocate(4 + exif.length)
                .put((byte) 0xff)
                .put((byte) 0xe1)
                .putShort((short) (exif.length + 2))
                .put(exif)
                .array();
        return concat(Arrays.copyOf(jpeg, 2), app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
