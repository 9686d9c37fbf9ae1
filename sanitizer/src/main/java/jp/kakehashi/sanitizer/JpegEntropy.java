package jp.kakehashi.sanitizer;

import org.jspecify.annotations.Nullable;

/**
 * Walks the entropy-coded data of a Huffman JPEG scan (sequential or progressive) symbol by
 * symbol, without the inverse DCT or colour conversion: every Huffman code must be in its
 * table, every coefficient inside its block or band, restart markers must come in order exactly where the interval puts them,
 * and the scan must end where its last block ends. That is all of the scan a decoder reads, so
 * bytes that pass are bytes every decoder reads the same way, and copying them is lossless.
 */
final class JpegEntropy {
    private JpegEntropy() {}

    /** The scan's data is not what its headers promise. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A canonical Huffman table, with a 9-bit look-up for the short codes that make up most data. */
    static final class Table {
        private static final int FAST_BITS = 9;
        private final int[] fast = new int[1 << FAST_BITS];
        private final int[] maxCode = new int[17];
        private final int[] offset = new int[17];
        private final byte[] symbols;

        private Table(byte[] symbols) {
            this.symbols = symbols;
        }

        /**
         * The table of a DHT segment: {@code counts[l]} codes of length l + 1, then the symbols.
         * Refuses a table whose codes overflow their length (the all-ones code), as libjpeg does.
         */
        static Table of(int[] counts, byte[] symbols) throws Malformed {
            Table t = new Table(symbols);
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                int n = counts[l - 1];
                t.offset[l] = k - code;
                for (int i = 0; i < n; i++, k++, code++) {
                    if (l <= FAST_BITS) {
                        int shift = FAST_BITS - l;
                        int entry = (l << 8) | (symbols[k] & 0xff);
                        for (int low = 0; low < 1 << shift; low++) {
                            t.fast[(code << shift) | low] = entry;
                        }
                    }
                }
                if (code >= 1 << l) {
                    throw new Malformed("a Huffman table has more codes than its lengths allow");
                }
                t.maxCode[l] = n == 0 ? -1 : code - 1;
                code <<= 1;
            }
            return t;
        }

        int decode(Bits in) throws Malformed {
            int peek = in.peek16();
            int entry = fast[peek >>> (16 - FAST_BITS)];
            if (entry != 0) {
                in.drop(entry >>> 8);
                return entry & 0xff;
            }
            for (int l = FAST_BITS + 1; l <= 16; l++) {
                int code = peek >>> (16 - l);
                if (code <= maxCode[l]) {
                    in.drop(l);
                    return symbols[code + offset[l]] & 0xff;
                }
            }
            throw new Malformed("a Huffman code that is not in its table");
        }
    }

    /** Bits of entropy-coded data: stuffed 0xFF 0x00 read as 0xFF, stopping at the next marker. */
    static final class Bits {
        private final byte[] d;
        private int pos;
        private long buf;
        private int bits;
        private boolean atMarker;

        Bits(byte[] d, int pos) {
            this.d = d;
            this.pos = pos;
        }

        private void fill() {
            while (bits <= 48 && !atMarker && pos < d.length) {
                int b = d[pos] & 0xff;
                if (b == 0xff) {
                    if (pos + 1 < d.length && d[pos + 1] == 0) {
                        pos += 2;
                    } else {
                        atMarker = true;
                        return;
                    }
                } else {
                    pos++;
                }
                buf = (buf << 8) | b;
                bits += 8;
            }
        }

        /** The next 16 bits, zero-padded past the data's end (a code read there fails in {@link #drop}). */
        int peek16() {
            if (bits < 16) {
                fill();
            }
            return (int) (bits >= 16 ? buf >>> (bits - 16) : buf << (16 - bits)) & 0xffff;
        }

        void drop(int n) throws Malformed {
            if (bits < n) {
                fill();
                if (bits < n) {
                    throw new Malformed("the image data ends before its last block");
                }
            }
            bits -= n;
        }

        /** After the padding of the current byte, the data must be at a marker (no bytes left over). */
        private void alignAtMarker(String where) throws Malformed {
            fill();
            if (bits >= 8 || (!atMarker && pos < d.length)) {
                throw new Malformed("image data continues past " + where);
            }
            if (!atMarker) {
                throw new Malformed("the image data ends before " + where);
            }
        }

        void restart(int expected) throws Malformed {
            alignAtMarker("where a restart marker belongs");
            int p = pos;
            while (p < d.length && d[p] == (byte) 0xff) {
                p++;
            }
            if (p >= d.length || (d[p] & 0xff) != 0xd0 + expected) {
                throw new Malformed("restart marker missing or out of order");
            }
            pos = p + 1;
            atMarker = false;
            bits = 0;
            buf = 0;
        }

        /** Where the marker after the scan starts. */
        int end() throws Malformed {
            alignAtMarker("the scan's last block");
            return pos;
        }
    }

    /**
     * One component of a scan: its blocks per MCU, the tables that code it, and for progressive
     * AC scans which coefficients of each block are already nonzero (refinement depends on it).
     */
    record Component(
            int horizontal,
            int vertical,
            int blocksWide,
            int blocksHigh,
            @Nullable Table dc,
            @Nullable Table ac,
            long @Nullable [] nonzero) {}

    /**
     * Which coefficients a scan codes: {@code 0..63} at point 0 for a sequential scan; a spectral
     * band {@code start..end} and successive-approximation bits {@code high}/{@code low} for a
     * progressive one.
     */
    record Band(int start, int end, int high, int low, boolean progressive) {
        static final Band SEQUENTIAL = new Band(0, 63, 0, 0, false);
    }

    /**
     * Walks one scan starting at {@code start} and answers where the marker after it starts.
     * With one component the MCU is one block of it; with several, each MCU holds each
     * component's h × v blocks.
     */
    static int walkScan(
            byte[] d, int start, Component[] components, int mcusWide, int mcusHigh, int restartInterval, Band band)
            throws Malformed {
        return new Walker(new Bits(d, start), band).walk(components, mcusWide, mcusHigh, restartInterval);
    }

    private static final class Walker {
        private final Bits in;
        private final Band band;
        private int endOfBandRun;

        Walker(Bits in, Band band) {
            this.in = in;
            this.band = band;
        }

        int walk(Component[] components, int mcusWide, int mcusHigh, int restartInterval) throws Malformed {
            boolean single = components.length == 1;
            long mcus = single
                    ? (long) components[0].blocksWide() * components[0].blocksHigh()
                    : (long) mcusWide * mcusHigh;
            int restarts = 0;
            for (long m = 0; m < mcus; m++) {
                if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                    in.restart(restarts++ & 7);
                    endOfBandRun = 0;
                }
                if (single) {
                    block(components[0], (int) m);
                    continue;
                }
                for (Component c : components) {
                    for (int b = c.horizontal() * c.vertical(); b > 0; b--) {
                        block(c, -1);
                    }
                }
            }
            if (endOfBandRun > 0) {
                throw new Malformed("an end-of-band run longer than the scan");
            }
            return in.end();
        }

        /** One block; {@code index} is its place in the component (non-interleaved scans only). */
        private void block(Component c, int index) throws Malformed {
            if (!band.progressive()) {
                sequential(c);
            } else if (band.start() == 0) {
                if (band.high() == 0) {
                    dcDifference(c);
                } else {
                    in.drop(1);
                }
            } else if (band.high() == 0) {
                acFirst(c, index);
            } else {
                acRefine(c, index);
            }
        }

        private void dcDifference(Component c) throws Malformed {
            int s = table(c.dc()).decode(in);
            if (s > 11) {
                throw new Malformed("a DC difference larger than 8-bit samples allow");
            }
            in.drop(s);
        }

        private void sequential(Component c) throws Malformed {
            dcDifference(c);
            Table ac = table(c.ac());
            for (int k = 1; k < 64; ) {
                int rs = ac.decode(in);
                int run = rs >>> 4;
                int s = rs & 15;
                if (s == 0) {
                    if (run != 15) {
                        return;
                    }
                    k += 16;
                    continue;
                }
                k += run;
                if (k > 63 || s > 10) {
                    throw new Malformed("a coefficient outside its block");
                }
                in.drop(s);
                k++;
            }
        }

        private void acFirst(Component c, int index) throws Malformed {
            if (endOfBandRun > 0) {
                endOfBandRun--;
                return;
            }
            Table ac = table(c.ac());
            long[] nonzero = history(c);
            for (int k = band.start(); k <= band.end(); k++) {
                int rs = ac.decode(in);
                int run = rs >>> 4;
                int s = rs & 15;
                if (s == 0) {
                    if (run < 15) {
                        endOfBandRun = (1 << run) - 1 + (run > 0 ? bits(run) : 0);
                        return;
                    }
                    k += 15;
                    continue;
                }
                k += run;
                if (k > band.end() || s > 10) {
                    throw new Malformed("a coefficient outside its band");
                }
                in.drop(s);
                nonzero[index] |= 1L << k;
            }
        }

        /** Follows libjpeg's decode_mcu_AC_refine: correction bits for nonzero coefficients, new ones of size 1. */
        private void acRefine(Component c, int index) throws Malformed {
            Table ac = table(c.ac());
            long[] nonzero = history(c);
            long seen = nonzero[index];
            int k = band.start();
            if (endOfBandRun == 0) {
                for (; k <= band.end(); k++) {
                    int rs = ac.decode(in);
                    int run = rs >>> 4;
                    int s = rs & 15;
                    if (s != 0) {
                        if (s != 1) {
                            throw new Malformed("a refinement coefficient of the wrong size");
                        }
                        in.drop(1);
                    } else if (run != 15) {
                        endOfBandRun = (1 << run) + (run > 0 ? bits(run) : 0);
                        break;
                    }
                    for (; k <= band.end(); k++) {
                        if ((seen & (1L << k)) != 0) {
                            in.drop(1);
                        } else if (--run < 0) {
                            break;
                        }
                    }
                    if (s != 0) {
                        if (k > band.end()) {
                            throw new Malformed("a coefficient outside its band");
                        }
                        seen |= 1L << k;
                    }
                }
            }
            if (endOfBandRun > 0) {
                for (; k <= band.end(); k++) {
                    if ((seen & (1L << k)) != 0) {
                        in.drop(1);
                    }
                }
                endOfBandRun--;
            }
            nonzero[index] = seen;
        }

        private int bits(int n) throws Malformed {
            int value = in.peek16() >>> (16 - n);
            in.drop(n);
            return value;
        }

        private static Table table(@Nullable Table t) throws Malformed {
            if (t == null) {
                throw new Malformed("a scan uses a Huffman table that is not defined");
            }
            return t;
        }

        private static long[] history(Component c) throws Malformed {
            long[] h = c.nonzero();
            if (h == null) {
                throw new Malformed("a progressive AC scan without coefficient history");
            }
            return h;
        }
    }
}
