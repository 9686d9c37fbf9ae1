package jp.kakehashi.policies;

/**
 * Limits for archives on a flow; the sanitizer applies them while it streams the archive. They
 * cover ZIP archives and the parts of a mail; the depth counts every container, an Office file
 * with an embedded workbook included. Office and OpenDocument packages keep the sanitizer's own
 * budgets for their parts.
 *
 * @param maxDepth how many containers may nest (a ZIP is 1, a ZIP in a ZIP 2, a mail with a ZIP
 *     attached 2)
 * @param maxEntries members in all
 * @param maxExpandedBytes bytes once every member is expanded
 * @param maxRatio expanded size to compressed size, per member
 */
public record ArchiveRules(int maxDepth, int maxEntries, long maxExpandedBytes, int maxRatio) {
    public ArchiveRules {
        if (maxDepth < 1 || maxEntries < 1 || maxExpandedBytes < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
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
