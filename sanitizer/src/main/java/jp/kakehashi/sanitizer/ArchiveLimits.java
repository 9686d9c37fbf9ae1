package jp.kakehashi.sanitizer;

/**
 * Budgets for ZIP-based input, checked while streaming so a bomb is stopped before it expands.
 *
 * @param maxEntries most entries an archive may list
 * @param maxExpandedBytes most bytes all entries together may expand to
 * @param maxRatio most an entry may expand relative to its compressed size...
 * @param ratioFloorBytes ...once it has expanded past this many bytes (small XML compresses well)
 * @param maxPackageXmlBytes largest package XML part ({@code .rels}, content types) parsed in memory
 * @param maxDepth how many archives may nest inside each other (a ZIP in a ZIP is depth 2)
 */
public record ArchiveLimits(
        int maxEntries,
        long maxExpandedBytes,
        int maxRatio,
        long ratioFloorBytes,
        int maxPackageXmlBytes,
        int maxDepth) {
    public ArchiveLimits {
        if (maxEntries < 1
                || maxExpandedBytes < 1
                || maxRatio < 1
                || ratioFloorBytes < 0
                || maxPackageXmlBytes < 1
                || maxDepth < 1) {
            throw new IllegalArgumentException(
                    "archive limits must be positive: " + maxEntries + ", " + maxExpandedBytes + ", " + maxRatio + ", "
                            + ratioFloorBytes + ", " + maxPackageXmlBytes + ", " + maxDepth);
        }
    }

    /** 10,000 entries, 1 GiB expanded, 200× past 4 MiB, 16 MiB of package XML, 3 levels of nesting. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(10_000, 1L << 30, 200, 4L << 20, 16 << 20, 3);
    }
}
