package jp.kakehashi.sanitizer.worker;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.sanitizer.ArchiveLimits;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.ImageLimits;
import jp.kakehashi.sanitizer.Profile;
import jp.kakehashi.sanitizer.Reason;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.sanitizer.SanitizerConfig;

/**
 * Frames between the worker pool and a worker. The parent writes the {@link SanitizerConfig}
 * once and the worker answers {@link #READY}; then the worker answers each request with exactly
 * one response.
 *
 * <pre>
 *   request  := DETECT path name | DISARM path detection workDir options | EXTRACT path mediaType
 *             | DECRYPT path detection password workDir
 *   response := DETECTED detection | DISARMED method path type ext removals | REFUSED code detail
 *             | TEXT text | UNREADABLE why | DECRYPTED path | NOT_ENCRYPTED | FAILED message
 * </pre>
 */
public final class WorkerProtocol {
    public static final byte DETECT = 'D';
    public static final byte DISARM = 'S';
    public static final byte EXTRACT = 'X';
    public static final byte DECRYPT = 'P';

    public static final byte READY = 'y';
    public static final byte DETECTED = 'd';
    public static final byte DISARMED = 'k';
    public static final byte REFUSED = 'r';
    public static final byte TEXT = 't';
    public static final byte UNREADABLE = 'u';
    public static final byte DECRYPTED = 'p';
    public static final byte NOT_ENCRYPTED = 'n';
    public static final byte FAILED = 'e';

    /** Longest string frame accepted: the text limit in UTF-8 with room to spare. */
    private static final int MAX_STRING_BYTES = 64 << 20;

    private static final int MAX_REMOVALS = 100_000;
    private static final int MAX_TYPES = 10_000;

    private WorkerProtocol() {}

    public static void writeConfig(DataOutput out, SanitizerConfig config) throws IOException {
        writeArchiveLimits(out, config.archives());
        out.writeInt(config.maxPdfObjects());
        out.writeInt(config.maxTextChars());
        ImageLimits i = config.images();
        out.writeLong(i.maxPixels());
        out.writeInt(i.maxFrames());
        out.writeLong(i.maxTotalPixels());
    }

    public static SanitizerConfig readConfig(DataInput in) throws IOException {
        ArchiveLimits archives = readArchiveLimits(in);
        int maxPdfObjects = in.readInt();
        int maxTextChars = in.readInt();
        ImageLimits images = new ImageLimits(in.readLong(), in.readInt(), in.readLong());
        return new SanitizerConfig(archives, maxPdfObjects, maxTextChars, images);
    }

    public static void writeDetection(DataOutput out, Detection d) throws IOException {
        writeString(out, d.mediaType());
        writeString(out, d.expectedExtension());
        writeString(out, d.declaredExtension());
    }

    public static Detection readDetection(DataInput in) throws IOException {
        return new Detection(readString(in), readString(in), readString(in));
    }

    /** A result with its leading tag ({@link #DISARMED} or {@link #REFUSED}). */
    public static void writeResult(DataOutput out, DisarmResult result) throws IOException {
        switch (result) {
            case DisarmResult.Disarmed d -> {
                out.writeByte(DISARMED);
                writeString(out, d.method().name());
                writeString(out, d.output().toString());
                writeString(out, d.mediaType());
                writeString(out, d.extension());
                out.writeInt(d.removals().size());
                for (Removal r : d.removals()) {
                    writeString(out, r.kind());
                    writeString(out, r.detail());
                    out.writeInt(r.count());
                }
            }
            case DisarmResult.Refused r -> {
                out.writeByte(REFUSED);
                writeString(out, r.reason().code().name());
                writeString(out, r.reason().detail());
            }
        }
    }

    /** The body of a {@link #DISARMED} or {@link #REFUSED} response whose tag was already read. */
    public static DisarmResult readResult(byte tag, DataInput in) throws IOException {
        if (tag == REFUSED) {
            String code = readString(in);
            try {
                return new DisarmResult.Refused(Reason.of(ReasonCode.valueOf(code), readString(in)));
            } catch (IllegalArgumentException e) {
                throw new IOException("worker sent an unknown reason code " + code, e);
            }
        }
        if (tag != DISARMED) {
            throw new IOException("worker sent tag " + tag + " where a disarm result was expected");
        }
        Profile method = profile(readString(in));
        Path output = Path.of(readString(in));
        String mediaType = readString(in);
        String extension = readString(in);
        int n = in.readInt();
        if (n < 0 || n > MAX_REMOVALS) {
            throw new IOException("worker sent " + n + " removals");
        }
        List<Removal> removals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            removals.add(new Removal(readString(in), readString(in), in.readInt()));
        }
        return new DisarmResult.Disarmed(output, mediaType, extension, removals, method);
    }

    private static void writeArchiveLimits(DataOutput out, ArchiveLimits a) throws IOException {
        out.writeInt(a.maxEntries());
        out.writeLong(a.maxExpandedBytes());
        out.writeInt(a.maxRatio());
        out.writeLong(a.ratioFloorBytes());
        out.writeInt(a.maxPackageXmlBytes());
        out.writeInt(a.maxDepth());
    }

    private static ArchiveLimits readArchiveLimits(DataInput in) throws IOException {
        try {
            return new ArchiveLimits(
                    in.readInt(), in.readLong(), in.readInt(), in.readLong(), in.readInt(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("archive limits out of range", e);
        }
    }

    /** options := ladder count (type ladder)* hasArchives [archiveLimits] */
    public static void writeOptions(DataOutput out, DisarmOptions options) throws IOException {
        writeLadder(out, options.ladder());
        out.writeInt(options.byType().size());
        for (var e : options.byType().entrySet()) {
            writeString(out, e.getKey());
            writeLadder(out, e.getValue());
        }
        out.writeBoolean(options.archives().isPresent());
        if (options.archives().isPresent()) {
            writeArchiveLimits(out, options.archives().get());
        }
    }

    public static DisarmOptions readOptions(DataInput in) throws IOException {
        List<Profile> ladder = readLadder(in);
        int n = in.readInt();
        if (n < 0 || n > MAX_TYPES) {
            throw new IOException("options for " + n + " types");
        }
        Map<String, List<Profile>> byType = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byType.put(readString(in), readLadder(in));
        }
        Optional<ArchiveLimits> archives = in.readBoolean() ? Optional.of(readArchiveLimits(in)) : Optional.empty();
        return new DisarmOptions(ladder, byType, archives);
    }

    private static void writeLadder(DataOutput out, List<Profile> ladder) throws IOException {
        out.writeInt(ladder.size());
        for (Profile p : ladder) {
            writeString(out, p.name());
        }
    }

    private static List<Profile> readLadder(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > Profile.values().length) {
            throw new IOException("ladder of " + n + " profiles");
        }
        List<Profile> ladder = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ladder.add(profile(readString(in)));
        }
        return List.copyOf(ladder);
    }

    private static Profile profile(String name) throws IOException {
        try {
            return Profile.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown profile " + name, e);
        }
    }

    public static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new IOException("string frame of " + n + " bytes is out of range");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
