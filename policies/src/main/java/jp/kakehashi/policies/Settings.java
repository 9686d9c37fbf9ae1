package jp.kakehashi.policies;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the matching rules set for a file that may cross, merged: per type the strictest profile
 * (text over flatten over rebuild), the longest retention of originals and the shortest of
 * renditions, the strictest archive limits.
 */
public record Settings(Map<String, String> profiles, Optional<Retention> retention, Optional<ArchiveRules> archives) {
    /** Profiles from least to most strict. */
    public static final List<String> PROFILES = List.of("rebuild", "flatten", "text");

    public Settings {
        profiles = Map.copyOf(profiles);
    }

    public static Settings none() {
        return new Settings(Map.of(), Optional.empty(), Optional.empty());
    }

    /** The profile for a true type: its own entry, else {@code default}, else rebuild. */
    public String profileFor(String mediaType) {
        return profiles.getOrDefault(mediaType, profiles.getOrDefault("default", "rebuild"));
    }

    static Settings merge(List<Rule> rules) {
        Map<String, String> profiles = new HashMap<>();
        Optional<Retention> retention = Optional.empty();
        Optional<ArchiveRules> archives = Optional.empty();
        for (Rule r : rules) {
            r.profiles().forEach((type, profile) -> profiles.merge(type, profile, Settings::stricter));
            if (r.retention().isPresent()) {
                retention = Optional.of(retention
                        .map(x -> x.merge(r.retention().get()))
                        .orElse(r.retention().get()));
            }
            if (r.archives().isPresent()) {
                archives = Optional.of(archives.map(x -> x.merge(r.archives().get()))
                        .orElse(r.archives().get()));
            }
        }
        return new Settings(profiles, retention, archives);
    }

    private static String stricter(String a, String b) {
        return PROFILES.indexOf(a) >= PROFILES.indexOf(b) ? a : b;
    }
}
