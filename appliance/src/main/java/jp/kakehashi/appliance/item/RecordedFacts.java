package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.kakehashi.policies.ContentFacts;
import jp.kakehashi.policies.Facts;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Party;
import jp.kakehashi.policies.ScanVerdict;
import jp.kakehashi.policies.dlp.DlpFinding;

/**
 * The facts a policy decision was made on, as stored with the item (JSON), so that
 * {@code policy explain} shows why and {@code policy simulate} replays them against another
 * policy without touching the file again. DLP findings are masked, as everywhere.
 *
 * @param detectors the fingerprint of the DLP detectors that produced the findings (empty when
 *     the content was not examined)
 */
public record RecordedFacts(Facts facts, String detectors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedFacts {
        requireNonNull(facts, "facts");
        requireNonNull(detectors, "detectors");
    }

    public String toJson() {
        return toNode().toString();
    }

    public ObjectNode toNode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("flow", facts.flow().toString());
        root.put("mediaType", facts.mediaType());
        root.put("extension", facts.extension());
        root.put("size", facts.sizeBytes());
        root.put("typeMismatch", facts.typeMismatch());
        party(root.putObject("sender"), facts.sender());
        party(root.putObject("recipient"), facts.recipient());
        root.put("scan", facts.scan().word());
        root.put("time", facts.timeOfDay().toString());
        facts.content().ifPresent(c -> {
            ObjectNode content = root.putObject("content");
            ArrayNode findings = content.putArray("findings");
            c.sanitizerFindings().stream().sorted().forEach(findings::add);
            ArrayNode dlp = content.putArray("dlp");
            c.dlp().forEach(f -> {
                ObjectNode o = dlp.addObject()
                        .put("detector", f.detector())
                        .put("count", f.count())
                        .put("example", f.example());
                if (!f.members().isEmpty()) {
                    f.members().forEach(o.putArray("members")::add);
                }
            });
            content.put("detectors", detectors);
        });
        return root;
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException naming what is wrong, for a record this class did not write
     */
    public static RecordedFacts parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded facts are not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("flow").isTextual()) {
            throw new IllegalArgumentException("recorded facts have no flow");
        }
        Facts facts = Facts.of(
                        Flow.parse(root.path("flow").asText()),
                        root.path("mediaType").asText(),
                        root.path("size").asLong(),
                        root.path("typeMismatch").asBoolean())
                .withExtension(root.path("extension").asText())
                .withParties(party(root.path("sender")), party(root.path("recipient")))
                .withScan(ScanVerdict.valueOf(root.path("scan").asText("clean").toUpperCase(Locale.ROOT)))
                .at(LocalTime.parse(root.path("time").asText("12:00")));
        JsonNode content = root.path("content");
        if (!content.isObject()) {
            return new RecordedFacts(facts, "");
        }
        Set<String> findings = new HashSet<>();
        content.path("findings").forEach(f -> findings.add(f.asText()));
        List<DlpFinding> dlp = new ArrayList<>();
        content.path("dlp").forEach(f -> {
            List<String> members = new ArrayList<>();
            f.path("members").forEach(m -> members.add(m.asText()));
            dlp.add(new DlpFinding(
                    f.path("detector").asText(),
                    f.path("count").asInt(),
                    f.path("example").asText(),
                    members));
        });
        return new RecordedFacts(
                facts.withContent(new ContentFacts(findings, dlp)),
                content.path("detectors").asText());
    }

    private static void party(ObjectNode node, Party party) {
        node.put("user", party.user());
        ArrayNode groups = node.putArray("groups");
        party.groups().stream().sorted().forEach(groups::add);
        node.put("organisation", party.organisation());
    }

    private static Party party(JsonNode node) {
        Set<String> groups = new HashSet<>();
        node.path("groups").forEach(g -> groups.add(g.asText()));
        return new Party(
                node.path("user").asText(), groups, node.path("organisation").asText());
    }
}
