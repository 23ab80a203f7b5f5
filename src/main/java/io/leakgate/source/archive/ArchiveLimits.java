package io.leakgate.source.archive;

/**
 * Bounds on opening archives found in content, so a hostile one (a bomb, a million empty
 * entries, archives nested a hundred deep) ends in a skipped entry, not in exhausted memory.
 *
 * @param maxDepth    how deep archives are opened: 1 opens an archive but not the archives in it;
 *                    0 opens none
 * @param maxMember   largest member, once decompressed, that is read and scanned
 * @param maxInflated most bytes decompressed from one item, all its members and nested archives
 * @param maxRatio    most decompressed bytes per compressed byte of one stream, once it has
 *                    produced {@link Inflation#RATIO_GRACE} bytes
 * @param maxEntries  most members read from one item, all levels together
 */
public record ArchiveLimits(int maxDepth, long maxMember, long maxInflated, long maxRatio, int maxEntries) {
    public static final int DEFAULT_DEPTH = 3;
    public static final long DEFAULT_MAX_INFLATED = 1L << 30;
    public static final long DEFAULT_MAX_RATIO = 200;
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    /** The defaults, with members as large as {@code maxMember}. */
    public static ArchiveLimits defaults(long maxMember) {
        return new ArchiveLimits(DEFAULT_DEPTH, maxMember, DEFAULT_MAX_INFLATED, DEFAULT_MAX_RATIO, DEFAULT_MAX_ENTRIES);
    }

    /** The same limits opening archives {@code depth} levels deep. */
    public ArchiveLimits withDepth(int depth) {
        return new ArchiveLimits(depth, maxMember, maxInflated, maxRatio, maxEntries);
    }
}
