package jp.kakehashi.appliance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Checks an audit log, in its directory or as an exported bundle, without the appliance: every
 * record's hash, its link to the one before, consecutive sequence numbers, and every checkpoint's
 * signature and position. Names the first bad record.
 */
public final class AuditVerifier {
    private static final String PREFIX = "{\"hash\":\"";
    private static final String MIDDLE = "\",\"record\":";
    private static final int RECORD_START = PREFIX.length() + 64 + MIDDLE.length();

    private AuditVerifier() {}

    /**
     * The outcome: how many records, the head of the chain, the first problem if any, and the
     * highest outbox id a record carries (0 if none): what the log's holder already appended.
     */
    public record Result(boolean ok, long records, long checkpoints, String lastHash, String problem, long lastOutbox) {
        static Result bad(long records, String problem) {
            return new Result(false, records, 0, "", problem, 0);
        }
    }

    /** Verifies a log directory or a bundle (a ZIP written by {@link AuditBundle}). */
    public static Result verify(Path dirOrBundle) {
        if (Files.isDirectory(dirOrBundle)) {
            return verifyDirectory(dirOrBundle);
        }
        if (!Files.exists(dirOrBundle)) {
            return Result.bad(0, dirOrBundle + " does not exist");
        }
        try (ZipFile zip = new ZipFile(dirOrBundle.toFile())) {
            Map<String, byte[]> files = new HashMap<>();
            for (String name : List.of(AuditLog.LOG, AuditLog.CHECKPOINTS, AuditLog.PUBLIC_KEY)) {
                ZipEntry e = zip.getEntry(name);
                if (e != null) {
                    try (InputStream in = zip.getInputStream(e)) {
                        files.put(name, in.readAllBytes());
                    }
                }
            }
            return verify(files);
        } catch (IOException e) {
            return Result.bad(0, dirOrBundle + " is neither a log directory nor a readable bundle: " + e.getMessage());
        }
    }

    static Result verifyDirectory(Path dir) {
        Map<String, byte[]> files = new HashMap<>();
        try {
            for (String name : List.of(AuditLog.LOG, AuditLog.CHECKPOINTS, AuditLog.PUBLIC_KEY)) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            return Result.bad(0, "cannot read " + dir + ": " + e.getMessage());
        }
        return verify(files);
    }

    private static Result verify(Map<String, byte[]> files) {
        ObjectMapper mapper = new ObjectMapper();
        String log = new String(files.getOrDefault(AuditLog.LOG, new byte[0]), StandardCharsets.UTF_8);
        if (!log.isEmpty() && !log.endsWith("\n")) {
            return Result.bad(0, "the last record is incomplete (no line end): the log was cut or is being written");
        }
        List<String> hashes = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        long lastOutbox = 0;
        String[] lines = log.isEmpty() ? new String[0] : log.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            long expectedSeq = i + 1L;
            String where = "record " + expectedSeq + " (line " + expectedSeq + ")";
            if (!line.startsWith(PREFIX)
                    || line.length() < RECORD_START + 2
                    || !line.startsWith(MIDDLE, PREFIX.length() + 64)
                    || !line.endsWith("}")) {
                return Result.bad(i, where + " is not a well-formed audit line");
            }
            String hash = line.substring(PREFIX.length(), PREFIX.length() + 64);
            String recordJson = line.substring(RECORD_START, line.length() - 1);
            JsonNode record;
            try {
                record = mapper.readTree(recordJson);
            } catch (JsonProcessingException e) {
                return Result.bad(i, where + " is not valid JSON");
            }
            if (record.path("seq").asLong(-1) != expectedSeq) {
                return Result.bad(
                        i,
                        where + " has sequence number " + record.path("seq").asText()
                                + ": a record was removed, inserted or reordered");
            }
            if (!prev.equals(record.path("prev").asText())) {
                return Result.bad(
                        i, where + " does not link to the record before it: a record was removed or reordered");
            }
            if (!hash.equals(AuditLog.hash(prev, recordJson))) {
                return Result.bad(i, where + " was altered: its content does not match its hash");
            }
            hashes.add(hash);
            prev = hash;
            lastOutbox = Math.max(lastOutbox, record.path("data").path("outbox").asLong(0));
        }
        long records = hashes.size();
        String checkpoints = new String(files.getOrDefault(AuditLog.CHECKPOINTS, new byte[0]), StandardCharsets.UTF_8);
        long checked = 0;
        if (!checkpoints.isBlank()) {
            byte[] keyFile = files.get(AuditLog.PUBLIC_KEY);
            if (keyFile == null) {
                return Result.bad(records, "checkpoints exist but " + AuditLog.PUBLIC_KEY + " is missing");
            }
            Ed25519PublicKeyParameters key;
            try {
                key = new Ed25519PublicKeyParameters(
                        Base64.getDecoder().decode(new String(keyFile, StandardCharsets.US_ASCII).strip()), 0);
            } catch (IllegalArgumentException e) {
                return Result.bad(records, AuditLog.PUBLIC_KEY + " is not an Ed25519 public key");
            }
            int n = 0;
            for (String line : checkpoints.split("\n")) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode cp;
                try {
                    cp = mapper.readTree(line);
                } catch (JsonProcessingException e) {
                    return Result.bad(records, "checkpoint " + n + " is not valid JSON");
                }
                long seq = cp.path("seq").asLong(-1);
                String hash = cp.path("hash").asText();
                if (!AuditKeys.verify(key, seq, hash, cp.path("signature").asText())) {
                    return Result.bad(records, "checkpoint " + n + " (seq " + seq + ") has an invalid signature");
                }
                if (seq > records) {
                    return Result.bad(
                            records,
                            "the log ends at record " + records + " but checkpoint " + n + " was signed at record "
                                    + seq + ": records " + (records + 1) + "-" + seq + " were removed");
                }
                String expected = seq == 0 ? AuditLog.GENESIS : hashes.get((int) seq - 1);
                if (!expected.equals(hash)) {
                    return Result.bad(records, "record " + seq + " differs from what checkpoint " + n + " signed");
                }
                checked++;
            }
        }
        return new Result(true, records, checked, prev, "", lastOutbox);
    }
}
