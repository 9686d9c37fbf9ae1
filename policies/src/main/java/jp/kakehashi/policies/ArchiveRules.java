package jp.kakehashi.policies;

/**
 * Limits for archives on a flow; the sanitizer applies them while it streams the archive.
 *
 * @param maxDepth archives inside archives
 * @param maxEntries members in all
 * @param maxExpandedBytes bytes once every member is expanded
 * @param maxRatio expanded size to compressed size, per member
 */
public record ArchiveRules(int maxDepth, int maxEntries, long maxExpandedBytes, int maxRatio) {
    public ArchiveRules {
        if (maxDepth < 0 || maxEntries < 1 || maxExpandedBytes < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("archive limits must be positive (depth may be 0)");
        }
    }

    /** The stricter of each limit. */
    ArchiveRules merge(ArchiveRules other) {
        return new ArchiveRules(
                Math.min(maxDepth, other.maxDepth),
                Math.min(maxEntries, other.maxEntries),
                Math.min(maxExpandedBytes, other.maxExpandedBytes),
                Math.min(maxRatio, other.maxRatio));
    }
}
