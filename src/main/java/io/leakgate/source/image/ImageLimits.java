package io.leakgate.source.image;

/**
 * Bounds on what reading an image archive may cost, so a hostile archive (a decompression bomb,
 * archives nested in archives) ends in a skipped entry instead of exhausting memory or time.
 *
 * @param maxFileSize largest file, inside a layer or a nested archive, that is scanned
 * @param maxUnpacked most bytes decompressed from the whole image, all layers and nested archives
 * @param maxRatio    most decompressed bytes per compressed byte of one stream, once it has
 *                    produced {@link io.leakgate.source.archive.Inflation#RATIO_GRACE} bytes
 * @param maxDepth    how deep archives inside layers are opened (1: an archive in a layer)
 */
public record ImageLimits(long maxFileSize, long maxUnpacked, long maxRatio, int maxDepth) {
    public static final long DEFAULT_MAX_UNPACKED = 16L << 30;
    public static final long DEFAULT_MAX_RATIO = 200;
    public static final int DEFAULT_MAX_DEPTH = 2;
}
