package jp.kakehashi.sanitizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The lossless PNG path, the twin in purpose of {@link LosslessJpeg}: the file is rebuilt from a
 * whitelist of chunks (the header, palette, transparency, the colour and size hints a viewer
 * needs, the image data, the end), each chunk's CRC checked, and the image data inflated once to
 * prove it is exactly the rows the header promises, each starting with a valid filter type; then
 * the compressed data is copied as it was, so the pixels are the sender's and nothing is
 * recompressed. Text, EXIF, ICC profiles, time stamps, animation frames, private chunks and
 * anything after the end go.
 *
 * <p>A file with an unknown critical chunk, a broken CRC, or data that does not inflate to its
 * rows is answered {@link NotLossless}; the caller decodes and re-encodes those.
 */
final class LosslessPng {
    private LosslessPng() {}

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Ancillary chunks that change how the pixels look (colour space, gamma, transparency, density): kept. */
    private static final Set<String> KEPT = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "pHYs", "bKGD");

    /** What the lossless path made of a file. */
    sealed interface Outcome {}

    /** The rebuilt file and what was dropped. */
    record Rebuilt(byte[] png, int width, int height, List<Removal> removals) implements Outcome {
        Rebuilt {
            removals = List.copyOf(removals);
        }
    }

    /** This file needs the decode-and-re-encode path, and why. */
    record NotLossless(String why) implements Outcome {}

    private static final class Unfit extends Exception {
        private static final long serialVersionUID = 1L;

        Unfit(String message) {
            super(message, null, false, false);
        }
    }

    /** Rebuilds {@code in}; a header over {@code limits} is left to the re-encoding path, which refuses it. */
    static Outcome rebuild(byte[] in, ImageLimits limits) {
        try {
            return read(in, limits);
        } catch (Unfit e) {
            return new NotLossless(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return new NotLossless("unreadable chunk: " + e.getClass().getSimpleName());
        }
    }

    private static Outcome read(byte[] d, ImageLimits limits) throws Unfit {
        if (d.length < 8 || !java.util.Arrays.equals(d, 0, 8, SIGNATURE, 0, 8)) {
            throw new Unfit("no PNG signature");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(SIGNATURE, 0, 8);
        List<Removal> removals = new ArrayList<>();
        Header header = null;
        List<int[]> data = new ArrayList<>(); // offset and length of each IDAT's data
        boolean palette = false;
        boolean dataEnded = false;
        int pos = 8;
        while (true) {
            if (pos + 12 > d.length) {
                throw new Unfit("the file ends before its IEND chunk");
            }
            int length = s32(d, pos);
            if (length < 0 || length > d.length - pos - 12) {
                throw new Unfit("a chunk runs past the end of the file");
            }
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(d, pos + 4, 4 + length);
            if ((int) crc.getValue() != s32(d, pos + 8 + length)) {
                throw new Unfit("the " + printable(type) + " chunk's checksum does not match");
            }
            int from = pos + 8;
            int next = pos + 12 + length;
            if (header == null && !type.equals("IHDR")) {
                throw new Unfit("the first chunk is not IHDR");
            }
            if (!data.isEmpty() && !type.equals("IDAT")) {
                dataEnded = true;
            }
            switch (type) {
                case "IHDR" -> {
                    if (header != null) {
                        throw new Unfit("a second IHDR chunk");
                    }
                    header = Header.of(d, from, length, limits);
                    copy(out, d, pos, next);
                }
                case "PLTE" -> {
                    if (length % 3 != 0 || length == 0 || length > 768 || !data.isEmpty() || palette) {
                        throw new Unfit("a malformed palette");
                    }
                    palette = true;
                    copy(out, d, pos, next);
                }
                case "IDAT" -> {
                    if (dataEnded) {
                        throw new Unfit("image data split by other chunks");
                    }
                    data.add(new int[] {from, length});
                    copy(out, d, pos, next);
                }
                case "IEND" -> {
                    if (header == null || data.isEmpty()) {
                        throw new Unfit("no image data");
                    }
                    copy(out, d, pos, next);
                    if (next < d.length) {
                        removals.add(ImageDisarmer.trailingData(d, next));
                    }
                    header.check(d, data, palette);
                    return new Rebuilt(out.toByteArray(), header.width(), header.height(), removals);
                }
                default -> ancillary(type, (d[pos + 4] & 0x20) == 0, !data.isEmpty(), removals, out, d, pos, next);
            }
            pos = next;
        }
    }

    private static void ancillary(
            String type,
            boolean critical,
            boolean afterData,
            List<Removal> removals,
            ByteArrayOutputStream out,
            byte[] d,
            int pos,
            int next)
            throws Unfit {
        if (critical) {
            throw new Unfit("an unknown critical chunk " + printable(type));
        }
        if (KEPT.contains(type) && !afterData) {
            copy(out, d, pos, next);
            return;
        }
        removals.add(
                switch (type) {
                    case "tEXt", "zTXt", "iTXt" -> new Removal("metadata", "PNG text chunks");
                    case "eXIf" -> new Removal("metadata", "EXIF (camera, date, GPS location)");
                    case "iCCP" -> new Removal("metadata", "ICC colour profile");
                    case "tIME" -> new Removal("metadata", "time stamp");
                    case "acTL", "fcTL", "fdAT" -> new Removal("animation", "animated PNG reduced to its still image");
                    default -> new Removal("metadata", "PNG " + printable(type) + " chunk");
                });
    }

    /** The IHDR facts the image data is checked against. */
    private record Header(int width, int height, int bitsPerPixel, boolean interlaced, int colourType, int depth) {
        static Header of(byte[] d, int from, int length, ImageLimits limits) throws Unfit {
            if (length != 13) {
                throw new Unfit("a malformed IHDR chunk");
            }
            int w = s32(d, from);
            int h = s32(d, from + 4);
            int depth = d[from + 8] & 0xff;
            int colour = d[from + 9] & 0xff;
            if (w <= 0 || h <= 0 || d[from + 10] != 0 || d[from + 11] != 0 || (d[from + 12] & 0xff) > 1) {
                throw new Unfit("a malformed IHDR chunk");
            }
            if ((long) w * h > limits.maxPixels()) {
                throw new Unfit("larger than the pixel limit");
            }
            int channels = switch (colour) {
                case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16 ? 1 : -1;
                case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 ? 1 : -1;
                case 2 -> depth == 8 || depth == 16 ? 3 : -1;
                case 4 -> depth == 8 || depth == 16 ? 2 : -1;
                case 6 -> depth == 8 || depth == 16 ? 4 : -1;
                default -> -1;
            };
            if (channels < 0) {
                throw new Unfit("an impossible colour type and bit depth");
            }
            return new Header(w, h, channels * depth, d[from + 12] == 1, colour, depth);
        }

        private static final int[][] ADAM7 = {
            {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
        };

        /** Inflates the image data once: exactly the promised rows, each with a filter type 0-4, and nothing after. */
        void check(byte[] d, List<int[]> data, boolean palette) throws Unfit {
            if (colourType == 3 && !palette) {
                throw new Unfit("a palette image without its palette");
            }
            List<long[]> passes = new ArrayList<>(); // rows, bytes per row (with the filter byte)
            for (int[] p : interlaced ? ADAM7 : new int[][] {{0, 0, 1, 1}}) {
                long cols = width > p[0] ? (width - p[0] + p[2] - 1) / p[2] : 0;
                long rows = height > p[1] ? (height - p[1] + p[3] - 1) / p[3] : 0;
                if (cols > 0 && rows > 0) {
                    passes.add(new long[] {rows, 1 + (cols * bitsPerPixel + 7) / 8});
                }
            }
            Inflater inflater = new Inflater();
            try {
                byte[] buf = new byte[64 << 10];
                int chunk = 0;
                int pass = 0;
                long rowsLeft = passes.get(0)[0];
                long inRow = 0; // bytes of the current row still to come; 0 means a filter byte is next
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0) {
                        if (inflater.needsDictionary()) {
                            throw new Unfit("image data asks for a preset dictionary");
                        }
                        if (inflater.needsInput()) {
                            if (chunk == data.size()) {
                                throw new Unfit("the image data ends before its last row");
                            }
                            int[] c = data.get(chunk++);
                            inflater.setInput(d, c[0], c[1]);
                        }
                        continue;
                    }
                    for (int i = 0; i < n; ) {
                        if (inRow > 0) {
                            int take = (int) Math.min(inRow, n - i);
                            inRow -= take;
                            i += take;
                            continue;
                        }
                        if (pass == passes.size()) {
                            throw new Unfit("more image data than the header promises");
                        }
                        if ((buf[i++] & 0xff) > 4) {
                            throw new Unfit("a row with an unknown filter type");
                        }
                        inRow = passes.get(pass)[1] - 1;
                        if (--rowsLeft == 0) {
                            pass++;
                            rowsLeft = pass < passes.size() ? passes.get(pass)[0] : 0;
                        }
                    }
                }
                if (pass < passes.size() || inRow > 0) {
                    throw new Unfit("the image data ends before its last row");
                }
                boolean trailing = inflater.getRemaining() > 0;
                for (int c = chunk; c < data.size(); c++) {
                    trailing |= data.get(c)[1] > 0;
                }
                if (trailing) {
                    throw new Unfit("data after the end of the compressed image");
                }
            } catch (DataFormatException e) {
                throw new Unfit("the image data does not inflate: " + e.getMessage());
            } finally {
                inflater.end();
            }
        }
    }

    private static void copy(ByteArrayOutputStream out, byte[] d, int from, int to) {
        out.write(d, from, to - from);
    }

    private static int s32(byte[] d, int at) {
        return ((d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8) | (d[at + 3] & 0xff);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ? type : "(unnamed)";
    }
}
