package jp.kakehashi.policies;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rule's sanitization profile per true type: {@code rebuild}, {@code flatten} or {@code text}.
 * A key is a media type ({@code application/pdf}), a family ({@code image/*}) or {@code default}.
 */
public record Profiles(Map<String, String> byType) {
    /** From least to most strict. */
    public static final List<String> WORDS = List.of("rebuild", "flatten", "text");

    public static final String DEFAULT = "default";

    public Profiles {
        byType = Map.copyOf(byType);
        for (var e : byType.entrySet()) {
            if (!WORDS.contains(e.getValue())) {
                throw new IllegalArgumentException(
                        e.getKey() + ": expected one of " + String.join(", ", WORDS) + ", was '" + e.getValue() + "'");
            }
        }
    }

    public static Profiles none() {
        return new Profiles(Map.of());
    }

    /** The profile for a type: its own entry, else its family's, else {@code default}, else rebuild. */
    public String forType(String mediaType) {
        String own = byType.get(mediaType);
        if (own != null) {
            return own;
        }
        int slash = mediaType.indexOf('/');
        String family = slash < 0 ? null : byType.get(mediaType.substring(0, slash) + "/*");
        return family != null ? family : byType.getOrDefault(DEFAULT, WORDS.getFirst());
    }

    /** The types and families this rule names, {@code default} left out. */
    public Set<String> named() {
        return byType.keySet().stream().filter(k -> !k.equals(DEFAULT)).collect(Collectors.toSet());
    }

    static String stricter(String a, String b) {
        return WORDS.indexOf(a) >= WORDS.indexOf(b) ? a : b;
    }
}
