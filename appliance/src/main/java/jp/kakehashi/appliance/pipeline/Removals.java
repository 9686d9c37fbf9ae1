package jp.kakehashi.appliance.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.kakehashi.sanitizer.Removal;

/** What the sanitizer removed from a file, as stored with the item (a JSON array). */
final class Removals {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Removals() {}

    static String toJson(List<Removal> removals) {
        try {
            return JSON.writeValueAsString(removals);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("removals cannot be written as JSON", e);
        }
    }

    /** The stored array; an item not yet disarmed has an empty one. */
    static JsonNode read(String json) {
        try {
            return JSON.readTree(json.isEmpty() ? "[]" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("removals of an item are not the JSON this pipeline wrote", e);
        }
    }

    /** The kinds of active content removed ({@code macro}, {@code javascript}...): facts the policy decides on. */
    static Set<String> kinds(String json) {
        Set<String> kinds = new HashSet<>();
        for (JsonNode node : read(json)) {
            kinds.add(node.path("kind").asText());
        }
        return kinds;
    }
}
