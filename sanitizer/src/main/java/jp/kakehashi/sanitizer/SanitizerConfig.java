package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

/**
 * Budgets for one sanitizer.
 *
 * @param archives limits for ZIP-based formats (OOXML)
 * @param maxPdfObjects most PDF objects walked before a PDF is refused as too complex
 * @param maxTextChars most characters of text extracted for the index
 * @param images pixel and frame budgets for images
 */
public record SanitizerConfig(ArchiveLimits archives, int maxPdfObjects, int maxTextChars, ImageLimits images) {
    public SanitizerConfig {
        requireNonNull(archives, "archives");
        requireNonNull(images, "images");
        if (maxPdfObjects < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException(
                    "maxPdfObjects and maxTextChars must be positive: " + maxPdfObjects + ", " + maxTextChars);
        }
    }

    public static SanitizerConfig defaults() {
        return new SanitizerConfig(ArchiveLimits.defaults(), 1_000_000, 1_000_000, ImageLimits.defaults());
    }
}
