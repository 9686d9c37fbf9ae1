package jp.kakehashi.policies;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the matching rules set for a file that may cross, merged: per type the strictest profile
 * any of them gives it (text over flatten over rebuild, each rule read with its own {@code
 * default}), the longest retention of originals and the shortest of renditions, the strictest
 * archive limits.
 */
public record Settings(List<Profiles> profiles, Optional<Retention> retention, Optional<ArchiveRules> archives) {

    public Settings {
        profiles = List.copyOf(profiles);
    }

    public static Settings none() {
        return new Settings(List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * The profile for a true type or a family ({@code image/*}): the strictest any rule gives it.
     * A rule's {@code default} counts for every type, so another rule's milder entry for one type
     * never weakens it.
     */
    public String profileFor(String mediaType) {
        return profiles.stream()
                .map(p -> p.forType(mediaType))
                .reduce(Profiles::stricter)
                .orElse(Profiles.WORDS.getFirst());
    }

    /** The profile for types no rule names. */
    public String defaultProfile() {
        return profileFor(Profiles.DEFAULT);
    }

    /** Every type and family some rule names: the others all get {@link #defaultProfile()}. */
    public Set<String> namedTypes() {
        Set<String> named = new TreeSet<>();
        profiles.forEach(p -> named.addAll(p.named()));
        return named;
    }

    static Settings merge(List<Rule> rules) {
        Optional<Retention> retention = Optional.empty();
        Optional<ArchiveRules> archives = Optional.empty();
        for (Rule r : rules) {
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
        return new Settings(
                rules.stream()
                        .map(Rule::profiles)
                        .filter(p -> !p.byType().isEmpty())
                        .toList(),
                retention,
                archives);
    }
}
