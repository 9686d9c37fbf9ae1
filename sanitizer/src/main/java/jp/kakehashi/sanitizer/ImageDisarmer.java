package jp.kakehashi.sanitizer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A JPEG or PNG goes the lossless path first ({@link LosslessJpeg}, {@link LosslessPng}: its
 * segments or chunks rebuilt from a whitelist, its image data proven well-formed and copied, the
 * orientation of a photo kept as a minimal EXIF tag). One that path cannot take, and every other
 * image, is decoded to pixels and encoded again in its own format (CDR-NOTES §1.7 (a)); a
 * re-encoded JPEG says so in its receipt. Either way no EXIF (GPS included), XMP, comments, ICC
 * tricks or bytes appended after the image survive. Dimensions and frame counts are checked from
 * headers before any pixel is decoded, so a 50,000 × 50,000 PNG is refused without allocating its
 * raster. On the decoding path a JPEG's orientation is applied to the pixels before EXIF goes;
 * multi-page TIFF keeps every page; an animated GIF keeps its first frame.
 */
final class ImageDisarmer implements Disarmer {
    /** Detected type → ImageIO format name and extension. */
    private static final Map<String, List<String>> FORMATS = Map.of(
            "image/png", List.of("png", ".png"),
            "image/jpeg", List.of("jpeg", ".jpg"),
            "image/gif", List.of("gif", ".gif"),
            "image/bmp", List.of("bmp", ".bmp"),
            "image/x-ms-bmp", List.of("bmp", ".bmp"),
            "image/tiff", List.of("tiff", ".tif"));

    private final ImageLimits limits;

    ImageDisarmer(ImageLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handles(String mediaType) {
        return FORMATS.containsKey(mediaType);
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        List<String> format = FORMATS.get(detection.mediaType());
        if (format == null) {
            return refused(ReasonCode.TYPE_NOT_SUPPORTED, detection.mediaType());
        }
        byte[] original = Files.readAllBytes(input);
        List<Removal> removals = new ArrayList<>();
        if (format.get(0).equals("jpeg")) {
            switch (LosslessJpeg.rebuild(original, limits)) {
                case LosslessJpeg.Rebuilt r -> {
                    Files.write(output, r.jpeg());
                    return new DisarmResult.Disarmed(output, "image/jpeg", ".jpg", Removal.merge(r.removals()));
                }
                case LosslessJpeg.NotLossless n -> removals.add(new Removal("re-encoded", n.why()));
            }
        }
        if (format.get(0).equals("png") && LosslessPng.rebuild(original, limits) instanceof LosslessPng.Rebuilt r) {
            // A PNG the lossless path cannot take is re-encoded without a note: PNG re-encoding keeps every pixel.
            Files.write(output, r.png());
            return new DisarmResult.Disarmed(output, "image/png", ".png", Removal.merge(r.removals()));
        }
        List<BufferedImage> frames = new ArrayList<>();
        int totalFrames;
        try (ImageInputStream in = ImageIO.createImageInputStream(input.toFile())) {
            ImageReader reader = readerFor(in, format.get(0));
            if (reader == null) {
                return refused(ReasonCode.MALFORMED, "no " + format.get(0) + " decoder accepts this file");
            }
            try {
                reader.setInput(in, false, true);
                long total = 0;
                totalFrames = 0;
                for (int i = 0; i < limits.maxFrames() + 1; i++) {
                    int w;
                    int h;
                    try {
                        w = reader.getWidth(i);
                        h = reader.getHeight(i);
                    } catch (IndexOutOfBoundsException e) {
                        break;
                    }
                    if (i == limits.maxFrames()) {
                        return refused(
                                ReasonCode.RESOURCE_LIMIT, "more than " + limits.maxFrames() + " frames or pages");
                    }
                    long pixels = (long) w * h;
                    total += pixels;
                    if (w <= 0 || h <= 0 || pixels > limits.maxPixels() || total > limits.maxTotalPixels()) {
                        return refused(
                                ReasonCode.IMAGE_TOO_LARGE,
                                w + " × " + h + " pixels (limit " + limits.maxPixels() + ")");
                    }
                    totalFrames++;
                    // An animated GIF keeps its first frame; every page of a TIFF is a page of the document.
                    if (i == 0 || format.get(0).equals("tiff")) {
                        frames.add(reader.read(i));
                    }
                }
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException | java.io.EOFException e) {
            return refused(
                    ReasonCode.MALFORMED,
                    "image does not decode: " + e.getClass().getSimpleName());
        }
        if (frames.isEmpty()) {
            return refused(ReasonCode.MALFORMED, "no image in the file");
        }
        if (format.get(0).equals("gif") && totalFrames > 1) {
            removals.add(
                    new Removal("animation", "animated GIF reduced to its first frame (" + totalFrames + " frames)"));
        }
        if (format.get(0).equals("jpeg")) {
            int orientation = ExifOrientation.of(original);
            if (orientation > 1) {
                frames.set(0, ExifOrientation.apply(frames.get(0), orientation));
            }
            frames.set(0, rgb(frames.get(0)));
        }
        noteMetadataAndTrailingData(original, format.get(0), removals);
        write(frames, format.get(0), output);
        return new DisarmResult.Disarmed(
                output,
                detection.mediaType().equals("image/x-ms-bmp") ? "image/bmp" : detection.mediaType(),
                format.get(1),
                Removal.merge(removals));
    }

    private static @Nullable ImageReader readerFor(ImageInputStream in, String formatName) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            try {
                if (r.getOriginatingProvider() != null
                        && List.of(r.getOriginatingProvider().getFormatNames()).contains(formatName)) {
                    return r;
                }
            } catch (RuntimeException e) {
                // try the next reader
            }
            r.dispose();
        }
        return null;
    }

    /** JPEG has no alpha; images with it are flattened onto white. */
    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static void write(List<BufferedImage> frames, String format, Path output) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        // A File target writes straight to disk; an OutputStream target would go through ImageIO's temp-file cache.
        try (ImageOutputStream out = ImageIO.createImageOutputStream(output.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.92f);
            }
            if (frames.size() > 1 && writer.canWriteSequence()) {
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    writer.writeToSequence(new IIOImage(frame, null, null), param);
                }
                writer.endWriteSequence();
            } else {
                writer.write(null, new IIOImage(frames.get(0), null, null), param);
            }
        } finally {
            writer.dispose();
        }
    }

    /** Reports what re-encoding removed: metadata blocks and anything after the image's end marker. */
    private static void noteMetadataAndTrailingData(byte[] b, String format, List<Removal> removals) {
        String latin = new String(b, StandardCharsets.ISO_8859_1);
        if (latin.contains("Exif\0\0") || latin.contains("eXIf")) {
            removals.add(new Removal("metadata", "EXIF (camera, date, GPS location)"));
        }
        if (latin.contains("<x:xmpmeta") || latin.contains("http://ns.adobe.com/xap/")) {
            removals.add(new Removal("metadata", "XMP"));
        }
        if (format.equals("png") && (latin.contains("tEXt") || latin.contains("iTXt") || latin.contains("zTXt"))) {
            removals.add(new Removal("metadata", "PNG text chunks"));
        }
        int end = switch (format) {
            case "png" -> {
                int i = latin.lastIndexOf("IEND");
                yield i < 0 ? -1 : i + 8;
            }
            case "jpeg" -> {
                int i = latin.lastIndexOf("\u00ff\u00d9");
                yield i < 0 ? -1 : i + 2;
            }
            case "gif" -> {
                int i = latin.lastIndexOf(';');
                yield i < 0 ? -1 : i + 1;
            }
            default -> -1;
        };
        if (end > 0 && end < b.length) {
            removals.add(trailingData(b, end));
        }
    }

    /** What was appended after the image's end at {@code end}, in words (an appended ZIP is named). */
    static Removal trailingData(byte[] b, int end) {
        boolean zip = false;
        for (int i = end; i + 3 < b.length && !zip; i++) {
            zip = b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4;
        }
        return new Removal(
                "trailing-data",
                (b.length - end) + " bytes after the end of the image" + (zip ? " (an appended ZIP archive)" : ""));
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }
}
