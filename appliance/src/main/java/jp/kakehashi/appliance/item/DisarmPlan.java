package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.kakehashi.policies.ArchiveRules;
import jp.kakehashi.policies.Settings;

/**
 * What an item's policy decision asks of the sanitizer, kept with the item (JSON) so that the
 * disarm step acts on that decision rather than deciding again: the weakest profile accepted for
 * each type some rule names and for every other type, and the archive limits.
 *
 * @param defaultProfile the profile word for types no rule names ({@code rebuild}, {@code text}...)
 * @param profiles the profile word per media type or family ({@code image/*}) a rule names
 */
public record DisarmPlan(String defaultProfile, Map<String, String> profiles, Optional<ArchiveRules> archives) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DisarmPlan {
        requireNonNull(defaultProfile, "defaultProfile");
        profiles = Map.copyOf(profiles);
        requireNonNull(archives, "archives");
    }

    /** The plan the merged settings of a decision's rules make. */
    public static DisarmPlan of(Settings settings) {
        Map<String, String> profiles = new TreeMap<>();
        for (String type : settings.namedTypes()) {
            profiles.put(type, settings.profileFor(type));
        }
        return new DisarmPlan(settings.defaultProfile(), profiles, settings.archives());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("default", defaultProfile);
        ObjectNode types = root.putObject("types");
        new TreeMap<>(profiles).forEach(types::put);
        archives.ifPresent(a -> root.putObject("archives")
                .put("maxDepth", a.maxDepth())
                .put("maxEntries", a.maxEntries())
                .put("maxExpandedBytes", a.maxExpandedBytes())
                .put("maxRatio", a.maxRatio()));
        return root.toString();
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException naming what is wrong, for a text this class did not write
     */
    public static DisarmPlan parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a disarm plan is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null
                || !root.path("default").isTextual()
                || !root.path("types").isObject()) {
            throw new IllegalArgumentException("a disarm plan has no default profile or no types");
        }
        Map<String, String> profiles = new TreeMap<>();
        root.path("types")
                .properties()
                .forEach(e -> profiles.put(e.getKey(), e.getValue().asText()));
        JsonNode a = root.path("archives");
        Optional<ArchiveRules> archives = a.isObject()
                ? Optional.of(new ArchiveRules(
                        a.path("maxDepth").asInt(),
                        a.path("maxEntries").asInt(),
                        a.path("maxExpandedBytes").asLong(),
                        a.path("maxRatio").asInt()))
                : Optional.empty();
        return new DisarmPlan(root.path("default").asText(), profiles, archives);
    }
}
