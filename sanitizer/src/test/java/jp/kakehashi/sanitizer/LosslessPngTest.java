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
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lossless PNG path: the sender's pixels and compressed data, none of the rest. */
class LosslessPngTest {
    @TempDir
    Path dir;

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @Test
    void everyKindOfPngKeepsItsCompressedDataAndPixelsAndLosesItsMetadata() throws Exception {
        for (int type : new int[] {
            BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_BYTE_INDEXED,
            BufferedImage.TYPE_USHORT_GRAY,
            BufferedImage.TYPE_BYTE_BINARY
        }) {
            for (boolean interlaced : new boolean[] {false, true}) {
                byte[] plain = png(type, 37, 23, interlaced);
                byte[] tagged = beforeEnd(
                        plain,
                        chunk("tEXt", "Comment\0<script>alert(1)</script>"),
                        chunk("eXIf", "MM\0*GPS"),
                        chunk("prVt", "a private chunk"));
                String what = "type " + type + (interlaced ? " interlaced" : "");
                LosslessPng.Outcome o = LosslessPng.rebuild(tagged, ImageLimits.defaults());
                assertThat(o).as(what).isInstanceOfSatisfying(LosslessPng.Rebuilt.class, r -> {
                    assertThat(r.png()).as(what).isEqualTo(plain);
                    assertThat(r.removals().toString()).contains("PNG text chunks", "EXIF", "prVt");
                });
            }
        }
    }

    @Test
    void theDisarmerTakesTheLosslessPathAndTheVerifierAcceptsIt() throws Exception {
        byte[] plain = png(BufferedImage.TYPE_INT_ARGB, 64, 48, false);
        Path in = dir.resolve("図.png");
        Files.write(in, beforeEnd(plain, chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>")));
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, "図.png"), dir);
        assertThat(r).isInstanceOfSatisfying(DisarmResult.Disarmed.class, d -> {
            assertThat(d.removals()).extracting(Removal::kind).containsExactly("metadata");
            try {
                assertThat(Files.readAllBytes(d.output())).isEqualTo(plain);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Path stillTagged = dir.resolve("tagged.png");
        Files.write(stillTagged, beforeEnd(plain, chunk("tEXt", "Author\0someone")));
        assertThat(new Verifier(1000).problem(stillTagged, "image/png"))
                .contains("image still contains PNG text chunks");
    }

    @Test
    void anAnimatedPngKeepsItsStillImage() throws Exception {
        byte[] plain = png(BufferedImage.TYPE_INT_RGB, 16, 16, false);
        int idat = indexOf(plain, "IDAT") - 4;
        byte[] apng = concat(
                Arrays.copyOf(plain, idat),
                chunk("acTL", new byte[8]),
                Arrays.copyOfRange(plain, idat, plain.length - 12),
                chunk("fcTL", new byte[26]),
                chunk("fdAT", new byte[12]),
                Arrays.copyOfRange(plain, plain.length - 12, plain.length));
        assertThat(LosslessPng.rebuild(apng, ImageLimits.defaults()))
                .isInstanceOfSatisfying(LosslessPng.Rebuilt.class, r -> {
                    assertThat(r.png()).isEqualTo(plain);
                    assertThat(r.removals())
                            .contains(new Removal("animation", "animated PNG reduced to its still image"));
                });
    }

    @Test
    void dataThatDoesNotMatchItsHeaderIsLeftToTheDecodingPath() throws Exception {
        byte[] plain = png(BufferedImage.TYPE_INT_RGB, 20, 10, false);
        byte[] rows = inflate(plain);

        byte[] badFilter = rows.clone();
        badFilter[(1 + 20 * 3) * 4] = 5;
        assertThat(LosslessPng.rebuild(withData(plain, deflate(badFilter)), ImageLimits.defaults()))
                .isEqualTo(new LosslessPng.NotLossless("a row with an unknown filter type"));

        byte[] extraRow = concat(rows, new byte[1 + 20 * 3]);
        assertThat(LosslessPng.rebuild(withData(plain, deflate(extraRow)), ImageLimits.defaults()))
                .isEqualTo(new LosslessPng.NotLossless("more image data than the header promises"));

        byte[] shortRows = Arrays.copyOf(rows, rows.length - 7);
        assertThat(LosslessPng.rebuild(withData(plain, deflate(shortRows)), ImageLimits.defaults()))
                .isEqualTo(new LosslessPng.NotLossless("the image data ends before its last row"));

        byte[] badCrc = plain.clone();
        badCrc[indexOf(badCrc, "IDAT") + 6] ^= 1;
        assertThat(LosslessPng.rebuild(badCrc, ImageLimits.defaults()))
                .isEqualTo(new LosslessPng.NotLossless("the IDAT chunk's checksum does not match"));

        byte[] critical = beforeEnd(plain, chunk("XYZW", "must understand"));
        assertThat(LosslessPng.rebuild(critical, ImageLimits.defaults()))
                .isEqualTo(new LosslessPng.NotLossless("an unknown critical chunk XYZW"));

        assertThat(LosslessPng.rebuild(plain, new ImageLimits(199, 1, 199)))
                .isEqualTo(new LosslessPng.NotLossless("larger than the pixel limit"));
    }

    @Test
    void mangledPngsEndInAVerdictNeverACrash() throws Exception {
        byte[] plain = png(BufferedImage.TYPE_INT_ARGB, 40, 30, true);
        Random random = new Random(28);
        for (int i = 0; i < 400; i++) {
            byte[] mangled = plain.clone();
            for (int j = 0; j < 1 + random.nextInt(4); j++) {
                mangled[8 + random.nextInt(mangled.length - 8)] = (byte) random.nextInt(256);
            }
            if (LosslessPng.rebuild(mangled, ImageLimits.defaults()) instanceof LosslessPng.Rebuilt r) {
                assertThat(LosslessPng.rebuild(r.png(), ImageLimits.defaults()))
                        .isInstanceOfSatisfying(
                                LosslessPng.Rebuilt.class,
                                again -> assertThat(again.removals()).isEmpty());
            }
        }
    }

    static byte[] png(int type, int w, int h, boolean interlaced) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        Random random = new Random(w * 7L + h + type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (random.nextInt(256) << 24) | (x * 6 << 16) | (y * 9 << 8) | random.nextInt(64));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] png = bytes.toByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
        return png;
    }

    static byte[] chunk(String type, String data) {
        return chunk(type, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] chunk(String type, byte[] data) {
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

    private static byte[] beforeEnd(byte[] png, byte[]... chunks) {
        return concat(
                Arrays.copyOf(png, png.length - 12),
                concat(chunks),
                Arrays.copyOfRange(png, png.length - 12, png.length));
    }

    /** All IDAT data of {@code png}, inflated. */
    private static byte[] inflate(byte[] png) throws Exception {
        int at = indexOf(png, "IDAT") - 4;
        int length = ByteBuffer.wrap(png, at, 4).getInt();
        Inflater inflater = new Inflater();
        inflater.setInput(png, at + 8, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] rows) {
        Deflater deflater = new Deflater();
        deflater.setInput(rows);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        return out.toByteArray();
    }

    /** {@code png} with its (single) IDAT chunk replaced by one holding {@code data}. */
    private static byte[] withData(byte[] png, byte[] data) {
        int at = indexOf(png, "IDAT") - 4;
        int length = ByteBuffer.wrap(png, at, 4).getInt();
        return concat(
                Arrays.copyOf(png, at), chunk("IDAT", data), Arrays.copyOfRange(png, at + 12 + length, png.length));
    }

    private static int indexOf(byte[] b, String type) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 4 <= b.length; i++) {
            if (Arrays.equals(b, i, i + 4, t, 0, 4)) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
