package jp.kakehashi.appliance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jp.kakehashi.appliance.store.Database;
import org.jspecify.annotations.Nullable;

/**
 * Appends audit records to {@code audit.jsonl}, each hash-chained to the one before and fsynced
 * before {@link #append} returns, and signs a checkpoint every {@value #CHECKPOINT_EVERY}
 * records and on close. Thread-safe; records are ordered by sequence number, not by time, so a
 * clock step cannot reorder them (ATTACKS F-15).
 */
public final class AuditLog implements AutoCloseable {
    static final String LOG = "audit.jsonl";
    static final String CHECKPOINTS = "checkpoints.jsonl";
    static final String PUBLIC_KEY = "audit-public.key";
    static final String LOCK = ".lock";
    static final String GENESIS = "0".repeat(64);
    private static final int CHECKPOINT_EVERY = 64;
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final ObjectMapper json = new ObjectMapper();
    private final FileChannel lock;
    // Streams, not FileChannels: a channel is closed for good when a thread writing to it is
    // interrupted (a request or job being stopped), and every later event would then fail.
    private final FileOutputStream log;
    private final FileOutputStream checkpoints;
    private final AuditKeys keys;
    private final Clock clock;
    private long seq;
    private String lastHash;
    private long lastCheckpoint;
    /** The highest outbox id in the log: ids only grow (AUTOINCREMENT), so one at or below it is in already. */
    private long lastOutbox;

    private volatile AuditFollower follower = AuditFollower.NONE;

    private AuditLog(
            FileChannel lock,
            FileOutputStream log,
            FileOutputStream checkpoints,
            AuditKeys keys,
            Clock clock,
            long seq,
            String lastHash,
            long lastOutbox) {
        this.lock = lock;
        this.log = log;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.clock = clock;
        this.seq = seq;
        this.lastHash = lastHash;
        this.lastCheckpoint = seq;
        this.lastOutbox = lastOutbox;
    }

    /** Opens the log in {@code dir}, continuing its chain after verifying it end to end. */
    public static AuditLog open(Path dir, AuditKeys keys, Clock clock) {
        FileChannel lockFile = null;
        try {
            Files.createDirectories(dir);
            lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                throw new AuditLogBusyException(dir);
            }
            AuditVerifier.Result check = AuditVerifier.verifyDirectory(dir);
            if (!check.ok()) {
                throw new AuditException("the audit log in " + dir + " does not verify: " + check.problem()
                        + ". 監査ログの改ざんまたは破損を検出しました。起動を中止します。");
            }
            FileOutputStream log = new FileOutputStream(dir.resolve(LOG).toFile(), true);
            FileOutputStream cps = new FileOutputStream(dir.resolve(CHECKPOINTS).toFile(), true);
            return new AuditLog(lockFile, log, cps, keys, clock, check.records(), check.lastHash(), check.lastOutbox());
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockFile);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new AuditException("cannot open the audit log in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The exclusive lock, or null when another process (or another opener in this JVM) holds it. */
    private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    /** Who acts on the events drained from the outbox from now on (the mail notices); one at a time. */
    public void follow(AuditFollower follower) {
        this.follower = java.util.Objects.requireNonNull(follower, "follower");
    }

    /**
     * Appends the events queued in {@code db} (see {@link AuditOutbox}), oldest first, each exactly
     * once. An event leaves the queue only after it is durably in the log, so a crash in between
     * leaves it queued; each record carries its queue id, and an id the log already holds is only
     * removed from the queue. Two threads may drain at once (the housekeeping timer and a pipeline
     * step): the same check keeps each event to one record, in queue order.
     *
     * @return how many were appended
     */
    public int drain(Database db) {
        int appended = 0;
        for (AuditOutbox.Pending p : AuditOutbox.pending(db, 256)) {
            if (appendOnce(p)) {
                appended++;
            }
            AuditOutbox.delete(db, p, follower);
        }
        return appended;
    }

    private synchronized boolean appendOnce(AuditOutbox.Pending p) {
        if (p.id() <= lastOutbox) {
            return false;
        }
        Map<String, String> data = new LinkedHashMap<>(p.event().data());
        data.put("outbox", String.valueOf(p.id()));
        append(new AuditEvent(
                p.event().type(), p.event().actor(), p.event().zone(), p.event().item(), data));
        lastOutbox = p.id();
        return true;
    }

    /** Writes one record durably and returns its sequence number. */
    public synchronized long append(AuditEvent event) {
        try {
            ObjectNode record = json.createObjectNode();
            record.put("seq", seq + 1);
            record.put("time", OffsetDateTime.now(clock.withZone(JST)).toString());
            record.put("prev", lastHash);
            record.put("type", event.type().name());
            record.put("actor", event.actor());
            record.put("zone", event.zone());
            record.put("item", event.item());
            ObjectNode data = record.putObject("data");
            event.sortedData().forEach(data::put);
            String recordJson = json.writeValueAsString(record);
            String hash = hash(lastHash, recordJson);
            String line = "{\"hash\":\"" + hash + "\",\"record\":" + recordJson + "}\n";
            log.write(line.getBytes(StandardCharsets.UTF_8));
            log.getFD().sync();
            seq++;
            lastHash = hash;
            if (seq - lastCheckpoint >= CHECKPOINT_EVERY) {
                checkpoint();
            }
            return seq;
        } catch (IOException e) {
            throw new AuditException("cannot write the audit log: " + e.getMessage(), e);
        }
    }

    /** Signs the current head of the chain. */
    public synchronized void checkpoint() {
        if (seq == lastCheckpoint) {
            return;
        }
        try {
            ObjectNode cp = json.createObjectNode();
            cp.put("seq", seq);
            cp.put("hash", lastHash);
            cp.put("time", OffsetDateTime.now(clock.withZone(JST)).toString());
            cp.put("signature", keys.sign(seq, lastHash));
            checkpoints.write((json.writeValueAsString(cp) + "\n").getBytes(StandardCharsets.UTF_8));
            checkpoints.getFD().sync();
            lastCheckpoint = seq;
        } catch (IOException e) {
            throw new AuditException("cannot write an audit checkpoint: " + e.getMessage(), e);
        }
    }

    public synchronized long lastSeq() {
        return seq;
    }

    static String hash(String prev, String recordJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.US_ASCII));
            sha.update(recordJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AuditException("SHA-256 is not available", e);
        }
    }

    /** Reads every record of a log, for queries such as "who downloaded this item". */
    public static List<JsonNode> readRecords(Path dir) {
        List<JsonNode> records = new ArrayList<>();
        forEachRecord(dir, records::add);
        return records;
    }

    /**
     * Streams the records of a log, oldest first, without holding them all. A last line that does
     * not parse is a record being written by the daemon right now and is left for the next read;
     * any other line that does not parse is damage, reported as such.
     */
    public static void forEachRecord(Path dir, Consumer<JsonNode> each) {
        Path file = dir.resolve(LOG);
        if (!Files.exists(file)) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            long number = 1;
            while (line != null) {
                String next = r.readLine();
                JsonNode record;
                try {
                    record = mapper.readTree(line).path("record");
                } catch (JsonProcessingException e) {
                    if (next == null) {
                        return;
                    }
                    throw new AuditException("line " + number + " of " + file + " is not a record", e);
                }
                each.accept(record);
                line = next;
                number++;
            }
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            checkpoint();
            log.close();
            checkpoints.close();
            lock.close();
        } catch (IOException e) {
            throw new AuditException("cannot close the audit log: " + e.getMessage(), e);
        }
    }
}
