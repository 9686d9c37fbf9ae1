package jp.kakehashi.appliance.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What a bundle's signature covers: the product, the version, and the payload's size and hash. */
public record UpdateManifest(String product, Version version, long payloadBytes, String payloadSha256) {
    public static final String PRODUCT = "kakehashi";
    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("product", product)
                .put("version", version.toString())
                .put("payloadBytes", payloadBytes)
                .put("payloadSha256", payloadSha256);
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a manifest whose signature has already been verified. */
    static UpdateManifest parse(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "manifest: " + e.getMessage());
        }
        if (node == null
                || !node.path("product").isTextual()
                || !node.path("version").isTextual()
                || !node.path("payloadBytes").canConvertToLong()
                || !node.path("payloadSha256").asText().matches("[0-9a-f]{64}")) {
            throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "manifest fields");
        }
        return new UpdateManifest(
                node.get("product").asText(),
                Version.parse(node.get("version").asText()),
                node.get("payloadBytes").asLong(),
                node.get("payloadSha256").asText());
    }
}
