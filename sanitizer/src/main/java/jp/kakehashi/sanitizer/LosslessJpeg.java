package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lossless JPEG path (what {@code jpegtran -copy none} does, CDR-NOTES §1.7): the file is
 * rebuilt from a whitelist of segments — quantisation and Huffman tables, the frame, restart
 * interval, scans and their entropy-coded data, which is walked symbol by symbol
 * ({@link JpegEntropy}) and then copied unchanged — so the pixels are exactly the sender's.
 * EXIF (GPS included), XMP, ICC profiles, comments, thumbnails, every other APPn block and
 * anything after the end marker are dropped. Only the orientation survives, as a minimal EXIF
 * block this class writes itself, so a portrait phone photo still shows upright without the
 * pixels being decoded and rotated.
 *
 * <p>Baseline, extended and progressive Huffman files take this path. Arithmetic-coded, lossless,
 * hierarchical and 12-bit files, and files whose data does not walk cleanly, are answered
 * {@link NotLossless}; the caller re-encodes those.
 */
final class LosslessJpeg {
    private LosslessJpeg() {}

    /** What the lossless path made of a file. */
    sealed interface Outcome {}

    /**
     * The rebuilt file.
     *
     * @param removals what was dropped ({@code metadata}, {@code trailing-data}); empty when the
     *     file held only what a JPEG needs
     */
    record Rebuilt(byte[] jpeg, int width, int height, List<Removal> removals) implements Outcome {
        Rebuilt {
            removals = List.copyOf(removals);
        }
    }

    /** This file needs the decode-and-re-encode path, and why. */
    record NotLossless(String why) implements Outcome {}

    /** Rebuilds {@code in}; a frame over {@code limits} is left to the re-encoding path, which refuses it. */
    static Outcome rebuild(byte[] in, ImageLimits limits) {
        try {
            return new Reader(in, limits).read();
        } catch (JpegEntropy.Malformed e) {
            return new NotLossless(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            // Any arithmetic on hostile header values that slipped past a check: re-encode instead.
            return new NotLossless("unreadable header: " + e.getClass().getSimpleName());
        }
    }

    /** The APP1 block that carries the orientation and nothing else, exactly as this class writes it. */
    static byte[] orientationBlock(int orientation) {
        return ByteBuffer.allocate(36)
                .put(new byte[] {(byte) 0xff, (byte) 0xe1, 0, 34}) // APP1 and its length
                .put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1))
                .put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}) // big-endian TIFF header, IFD0 at 8
                .putShort((short) 1) // one entry: Orientation, SHORT, one value
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0) // no next IFD
                .array();
    }

    private record FrameComponent(int id, int horizontal, int vertical, int table) {}

    private static final class Reader {
        private final byte[] d;
        private final JpegEntropy.@Nullable Table[] dc = new JpegEntropy.Table[4];
        private final JpegEntropy.@Nullable Table[] ac = new JpegEntropy.Table[4];
        private final boolean[] quantisation = new boolean[4];
        private final List<FrameComponent> frame = new ArrayList<>();
        /** Per component id: the precision each coefficient is known to so far (-1: not yet coded). */
        private final Map<Integer, int[]> coded = new HashMap<>();
        /** Per component id, for progressive AC scans: which coefficients of each block are nonzero. */
        private final Map<Integer, long[]> nonzero = new HashMap<>();

        private final List<Removal> removals = new ArrayList<>();
        private final ImageLimits limits;
        private final ByteArrayOutputStream body;
        private int width;
        private int height;
        private int restartInterval;
        private boolean progressive;
        private byte @Nullable [] jfif;
        private byte @Nullable [] adobe;
        private int orientation = 1;

        Reader(byte[] d, ImageLimits limits) {
            this.d = d;
            this.limits = limits;
            this.body = new ByteArrayOutputStream(d.length);
        }

        Outcome read() throws JpegEntropy.Malformed {
            if (d.length < 4 || (d[0] & 0xff) != 0xff || (d[1] & 0xff) != 0xd8) {
                return new NotLossless("no start-of-image marker");
            }
            int pos = 2;
            while (true) {
                if (pos >= d.length) {
                    return new NotLossless("the file ends before its end-of-image marker");
                }
                if ((d[pos] & 0xff) != 0xff) {
                    return new NotLossless("bytes between segments at offset " + pos);
                }
                while (pos < d.length && (d[pos] & 0xff) == 0xff) {
                    pos++;
                }
                if (pos >= d.length) {
                    return new NotLossless("the file ends inside a marker");
                }
                int marker = d[pos++] & 0xff;
                if (marker == 0xd9) {
                    break;
                }
                if (pos + 2 > d.length) {
                    return new NotLossless("the file ends inside a segment header");
                }
                int length = u16(pos);
                if (length < 2 || pos + length > d.length) {
                    return new NotLossless(String.format("segment FF%02X runs past the end of the file", marker));
                }
                int from = pos + 2;
                int next = pos + length;
                String unfit = segment(marker, from, next);
                if (unfit != null) {
                    return new NotLossless(unfit);
                }
                if (marker == 0xda) {
                    next = scan(from, next);
                }
                pos = next;
            }
            if (frame.isEmpty()) {
                return new NotLossless("no frame header");
            }
            for (FrameComponent c : frame) {
                if (!coded.containsKey(c.id())) {
                    return new NotLossless("a colour component with no image data");
                }
            }
            if (pos < d.length) {
                removals.add(ImageDisarmer.trailingData(d, pos));
            }
            return new Rebuilt(assemble(), width, height, removals);
        }

        /** Handles one segment; answers why the file is not for this path, or null. */
        private @Nullable String segment(int marker, int from, int to) throws JpegEntropy.Malformed {
            if (marker >= 0xe0 && marker <= 0xef) {
                application(marker, from, to);
                return null;
            }
            return switch (marker) {
                case 0xfe -> {
                    removals.add(new Removal("metadata", "comment"));
                    yield null;
                }
                case 0xdb -> quantisation(from, to);
                case 0xc4 -> huffman(from, to);
                case 0xc0, 0xc1, 0xc2 -> frame(marker, from, to);
                case 0xdd -> {
                    if (to - from != 2) {
                        yield "a restart interval of the wrong length";
                    }
                    restartInterval = u16(from);
                    keep(marker, from, to);
                    yield null;
                }
                case 0xda -> frame.isEmpty() ? "image data before the frame header" : null;
                case 0xdc -> "height given after the image data (DNL)";
                case 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf ->
                    "lossless, hierarchical or arithmetic-coded JPEG";
                default -> String.format("marker FF%02X is not part of a baseline JPEG", marker);
            };
        }

        private void application(int marker, int from, int to) {
            if (marker == 0xe0 && startsWith(from, to, "JFIF\0") && to - from >= 14) {
                // Units and pixel density are kept (the printed size); a thumbnail is not.
                jfif = new byte[] {
                    'J', 'F', 'I', 'F', 0, 1, 2, d[from + 7], d[from + 8], d[from + 9], d[from + 10], d[from + 11], 0, 0
                };
                if (d[from + 12] != 0 || d[from + 13] != 0 || to - from > 14) {
                    removals.add(new Removal("metadata", "thumbnail"));
                }
            } else if (marker == 0xee && startsWith(from, to, "Adobe") && to - from >= 12) {
                // The transform flag says whether three components are YCbCr or RGB: the colours depend on it.
                adobe = new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, d[from + 11]};
            } else if (marker == 0xe1 && startsWith(from, to, "Exif\0\0")) {
                int o = ExifOrientation.ofSegment(d, from - 4);
                byte[] minimal = orientationBlock(o);
                if (!Arrays.equals(d, from - 4, to, minimal, 0, minimal.length)) {
                    removals.add(new Removal("metadata", "EXIF (camera, date, GPS location)"));
                }
                orientation = o;
            } else if (marker == 0xe1 && startsWith(from, to, "http://ns.adobe.com/x")) {
                removals.add(new Removal("metadata", "XMP"));
            } else if (marker == 0xe2 && startsWith(from, to, "ICC_PROFILE\0")) {
                removals.add(new Removal("metadata", "ICC colour profile"));
            } else if (marker == 0xed) {
                removals.add(new Removal("metadata", "Photoshop / IPTC"));
            } else if (marker == 0xe0 && startsWith(from, to, "JFXX\0")) {
                removals.add(new Removal("metadata", "thumbnail"));
            } else {
                removals.add(new Removal("metadata", "APP" + (marker - 0xe0) + " block"));
            }
        }

        private @Nullable String quantisation(int from, int to) {
            int p = from;
            while (p < to) {
                int precision = (d[p] & 0xff) >>> 4;
                int id = d[p] & 15;
                if (precision > 1 || id > 3 || p + 1 + 64 * (precision + 1) > to) {
                    return "a malformed quantisation table";
                }
                quantisation[id] = true;
                p += 1 + 64 * (precision + 1);
            }
            keep(0xdb, from, to);
            return null;
        }

        private @Nullable String huffman(int from, int to) throws JpegEntropy.Malformed {
            int p = from;
            while (p < to) {
                int type = (d[p] & 0xff) >>> 4;
                int id = d[p] & 15;
                if (type > 1 || id > 3 || p + 17 > to) {
                    return "a malformed Huffman table";
                }
                int[] counts = new int[16];
                int total = 0;
                for (int i = 0; i < 16; i++) {
                    counts[i] = d[p + 1 + i] & 0xff;
                    total += counts[i];
                }
                if (total > 256 || p + 17 + total > to) {
                    return "a malformed Huffman table";
                }
                byte[] symbols = Arrays.copyOfRange(d, p + 17, p + 17 + total);
                (type == 0 ? dc : ac)[id] = JpegEntropy.Table.of(counts, symbols);
                p += 17 + total;
            }
            keep(0xc4, from, to);
            return null;
        }

        private @Nullable String frame(int marker, int from, int to) {
            if (!frame.isEmpty()) {
                return "a second frame header";
            }
            if (to - from < 6 || (d[from] & 0xff) != 8) {
                return to - from < 6 ? "a malformed frame header" : "not 8 bits per sample";
            }
            height = u16(from + 1);
            width = u16(from + 3);
            int n = d[from + 5] & 0xff;
            if (height == 0 || width == 0 || n < 1 || n > 4 || to - from != 6 + 3 * n) {
                return "a malformed frame header";
            }
            for (int i = 0; i < n; i++) {
                int at = from + 6 + 3 * i;
                int id = d[at] & 0xff;
                int h = (d[at + 1] & 0xff) >>> 4;
                int v = d[at + 1] & 15;
                int table = d[at + 2] & 0xff;
                if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3) {
                    return "a malformed frame header";
                }
                for (FrameComponent c : frame) {
                    if (c.id() == id) {
                        return "two colour components with the same id";
                    }
                }
                frame.add(new FrameComponent(id, h, v, table));
            }
            if ((long) width * height > limits.maxPixels()) {
                return "larger than the pixel limit";
            }
            progressive = marker == 0xc2;
            keep(marker, from, to);
            return null;
        }

        /** Reads a scan header, walks its data and keeps both; answers where the next marker starts. */
        private int scan(int from, int to) throws JpegEntropy.Malformed {
            int n = d[from] & 0xff;
            if (n < 1 || n > 4 || to - from != 4 + 2 * n) {
                throw new JpegEntropy.Malformed("a malformed scan header");
            }
            int selection = from + 1 + 2 * n;
            JpegEntropy.Band band = band(
                    d[selection] & 0xff,
                    d[selection + 1] & 0xff,
                    (d[selection + 2] & 0xff) >>> 4,
                    d[selection + 2] & 15);
            if (band.start() > 0 && n > 1) {
                throw new JpegEntropy.Malformed("an AC scan with more than one component");
            }
            int hMax = 1;
            int vMax = 1;
            for (FrameComponent c : frame) {
                hMax = Math.max(hMax, c.horizontal());
                vMax = Math.max(vMax, c.vertical());
            }
            JpegEntropy.Component[] components = new JpegEntropy.Component[n];
            int blocksPerMcu = 0;
            for (int i = 0; i < n; i++) {
                int id = d[from + 1 + 2 * i] & 0xff;
                int tables = d[from + 2 + 2 * i] & 0xff;
                FrameComponent c = component(id);
                // Tables may follow the frame header (Photoshop writes them so); they must precede the scan.
                if (c == null || !quantisation[c.table()]) {
                    throw new JpegEntropy.Malformed("a scan names a component or table that is not defined");
                }
                progress(c, band);
                int samplesWide = ceilDiv(width * c.horizontal(), hMax);
                int samplesHigh = ceilDiv(height * c.vertical(), vMax);
                int blocksWide = ceilDiv(samplesWide, 8);
                int blocksHigh = ceilDiv(samplesHigh, 8);
                components[i] = new JpegEntropy.Component(
                        c.horizontal(),
                        c.vertical(),
                        blocksWide,
                        blocksHigh,
                        (tables >>> 4) < 4 ? dc[tables >>> 4] : null,
                        (tables & 15) < 4 ? ac[tables & 15] : null,
                        band.progressive() && band.start() > 0
                                ? nonzero.computeIfAbsent(id, k -> new long[blocksWide * blocksHigh])
                                : null);
                blocksPerMcu += c.horizontal() * c.vertical();
            }
            if (n > 1 && blocksPerMcu > 10) {
                throw new JpegEntropy.Malformed("more than 10 blocks in one MCU");
            }
            int end = JpegEntropy.walkScan(
                    d, to, components, ceilDiv(width, 8 * hMax), ceilDiv(height, 8 * vMax), restartInterval, band);
            keep(0xda, from, to);
            body.write(d, to, end - to);
            return end;
        }

        /** The coefficients a scan codes, checked against the frame's kind. */
        private JpegEntropy.Band band(int start, int end, int high, int low) throws JpegEntropy.Malformed {
            if (!progressive) {
                if (start != 0 || end != 63 || high != 0 || low != 0) {
                    throw new JpegEntropy.Malformed("a sequential scan with a spectral selection");
                }
                return JpegEntropy.Band.SEQUENTIAL;
            }
            if (start > end || end > 63 || (start == 0) != (end == 0) || high > 13 || low > 13) {
                throw new JpegEntropy.Malformed("a progressive scan with an impossible band");
            }
            return new JpegEntropy.Band(start, end, high, low, true);
        }

        /**
         * Each coefficient of a component is coded once (sequential), or first at some precision
         * and then refined one bit at a time, DC before AC (progressive), as ITU T.81 G.1.1.1 says.
         */
        private void progress(FrameComponent c, JpegEntropy.Band band) throws JpegEntropy.Malformed {
            int[] precision = coded.computeIfAbsent(c.id(), k -> {
                int[] fresh = new int[64];
                Arrays.fill(fresh, -1);
                return fresh;
            });
            if (band.start() > 0 && precision[0] < 0) {
                throw new JpegEntropy.Malformed("AC coefficients before their DC");
            }
            for (int k = band.start(); k <= band.end(); k++) {
                boolean fits = band.high() == 0
                        ? precision[k] < 0
                        : precision[k] == band.high() && band.low() == band.high() - 1;
                if (!fits) {
                    throw new JpegEntropy.Malformed("coefficients coded twice or refined out of order");
                }
                precision[k] = band.low();
            }
        }

        private @Nullable FrameComponent component(int id) {
            for (FrameComponent c : frame) {
                if (c.id() == id) {
                    return c;
                }
            }
            return null;
        }

        private byte[] assemble() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 64);
            out.write(0xff);
            out.write(0xd8);
            if (jfif != null) {
                writeSegment(out, 0xe0, jfif);
            }
            if (orientation > 1) {
                out.writeBytes(orientationBlock(orientation));
            }
            if (adobe != null) {
                writeSegment(out, 0xee, adobe);
            }
            try {
                body.writeTo(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // a byte array stream does not throw
            }
            out.write(0xff);
            out.write(0xd9);
            return out.toByteArray();
        }

        private void keep(int marker, int from, int to) {
            body.write(0xff);
            body.write(marker);
            body.write(d, from - 2, to - from + 2);
        }

        private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] content) {
            out.write(0xff);
            out.write(marker);
            out.write((content.length + 2) >>> 8);
            out.write((content.length + 2) & 0xff);
            out.writeBytes(content);
        }

        private boolean startsWith(int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            return new String(d, from, prefix.length(), StandardCharsets.ISO_8859_1).equals(prefix);
        }

        private int u16(int at) {
            return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
    }
}
