package jp.kakehashi.sanitizer;

/**
 * Budgets for images, checked from headers before any pixels are decoded.
 *
 * @param maxPixels most pixels in one frame (width × height)
 * @param maxFrames most frames or pages (animated GIF, multi-page TIFF)
 * @param maxTotalPixels most pixels across all frames
 */
public record ImageLimits(long maxPixels, int maxFrames, long maxTotalPixels) {
    public ImageLimits {
        if (maxPixels < 1 || maxFrames < 1 || maxTotalPixels < maxPixels) {
            throw new IllegalArgumentException("image limits must be positive and maxTotalPixels >= maxPixels: "
                    + maxPixels + ", " + maxFrames + ", " + maxTotalPixels);
        }
    }

    /** 50 megapixels a frame, 100 frames, 200 megapixels in all. */
    public static ImageLimits defaults() {
        return new ImageLimits(50_000_000L, 100, 200_000_000L);
    }
}
