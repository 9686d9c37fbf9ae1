package jp.kakehashi.appliance.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one snapshot holds, signed with the audit key: its own files (the database copy, the
 * audit log, the configuration) and the blobs it needs, each with size and SHA-256 of the bytes as
 * stored (encrypted), and the audit chain's head it covers. A later snapshot names the one before,
 * so a check can prove the audit chain only grew.
 *
 * @param previous the snapshot before this one at the same destination, or empty for the first
 * @param auditRecords how many audit records the snapshot's log holds
 * @param auditHead the hash of its last record (the chain's head)
 * @param files the snapshot's own files, by path inside the snapshot
 * @param blobs every blob the snapshot's database needs, by id
 * @param erased blobs retention erased while the backup ran: the database copy still names them
 */
public record Manifest(
        String snapshot,
        String created,
        String version,
        String previous,
        int schema,
        long auditRecords,
        String auditHead,
        Map<String, Entry> files,
        Map<String, Entry> blobs,
        List<String> erased) {
    static final String FORMAT = "kakehashi-backup/1";
    /** The signature's context: a manifest signature is valid for nothing else. */
    static final String SIGNED_AS = "backup-manifest";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        files = new TreeMap<>(files);
        blobs = new TreeMap<>(blobs);
        erased = List.copyOf(erased);
    }

    /** Size and SHA-256 of a file as it lies at the destination. */
    public record Entry(long size, String sha256) {}

    /** Total bytes of the snapshot's own files and the blobs it needs. */
    public long bytes() {
        return files.values().stream().mapToLong(Entry::size).sum()
                + blobs.values().stream().mapToLong(Entry::size).sum();
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("snapshot", snapshot);
        root.put("created", created);
        root.put("version", version);
        root.put("previous", previous);
        root.put("schema", schema);
        root.putObject("audit").put("records", auditRecords).put("head", auditHead);
        ObjectNode f = root.putObject("files");
        files.forEach((k, v) -> f.putObject(k).put("size", v.size()).put("sha256", v.sha256()));
        ObjectNode b = root.putObject("blobs");
        blobs.forEach((k, v) -> b.putObject(k).put("size", v.size()).put("sha256", v.sha256()));
        erased.forEach(root.putArray("erased")::add);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    static Manifest parse(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " manifest");
        }
        List<String> erased = new ArrayList<>();
        root.path("erased").forEach(n -> erased.add(n.asText()));
        return new Manifest(
                root.path("snapshot").asText(),
                root.path("created").asText(),
                root.path("version").asText(),
                root.path("previous").asText(),
                root.path("schema").asInt(),
                root.path("audit").path("records").asLong(),
                root.path("audit").path("head").asText(),
                entries(root.path("files")),
                entries(root.path("blobs")),
                erased);
    }

    private static Map<String, Entry> entries(JsonNode node) {
        Map<String, Entry> out = new TreeMap<>();
        node.properties()
                .forEach(e -> out.put(
                        e.getKey(),
                        new Entry(
                                e.getValue().path("size").asLong(),
                                e.getValue().path("sha256").asText())));
        return out;
    }
}
