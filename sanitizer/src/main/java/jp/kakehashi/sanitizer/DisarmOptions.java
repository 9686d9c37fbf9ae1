package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the caller (the policy, or {@code kakehashi sanitize --profile}) allows for one file: the
 * profile ladder per true type, and the archive limits. Members of containers look up their own
 * type here, so zipping a PDF cannot escape the profile the policy sets for PDFs.
 *
 * @param ladder the ladder for types {@code byType} does not name
 * @param byType ladders by media type ({@code application/pdf}) or family ({@code image/*})
 * @param archives archive limits; empty means the sanitizer's configured ones
 */
public record DisarmOptions(List<Profile> ladder, Map<String, List<Profile>> byType, Optional<ArchiveLimits> archives) {

    /** Rebuild (flatten a PDF whose rebuild fails verification) with the configured archive limits. */
    public static final DisarmOptions DEFAULTS = ladder(Profile.DEFAULT_LADDER);

    public DisarmOptions {
        ladder = checked(ladder);
        byType = Map.copyOf(byType);
        byType.values().forEach(DisarmOptions::checked);
        requireNonNull(archives, "archives");
    }

    /** One ladder for every type, with the configured archive limits. */
    public static DisarmOptions ladder(List<Profile> ladder) {
        return new DisarmOptions(ladder, Map.of(), Optional.empty());
    }

    /** The ladder for a detected type: its own entry, else its family's, else the default. */
    public List<Profile> ladderFor(String mediaType) {
        List<Profile> own = byType.get(mediaType);
        if (own != null) {
            return own;
        }
        int slash = mediaType.indexOf('/');
        List<Profile> family = slash < 0 ? null : byType.get(mediaType.substring(0, slash) + "/*");
        return family != null ? family : ladder;
    }

    /** These options with {@code limits} for archives instead of the configured ones. */
    public DisarmOptions withArchives(ArchiveLimits limits) {
        return new DisarmOptions(ladder, byType, Optional.of(limits));
    }

    private static List<Profile> checked(List<Profile> ladder) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("a profile ladder needs at least one profile");
        }
        return List.copyOf(ladder);
    }
}
