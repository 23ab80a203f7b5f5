package io.leakgate.source.image;

/**
 * The image-wide count of decompressed bytes against {@link ImageLimits#maxUnpacked()}. Only the
 * producing thread reads archives, so it needs no locking.
 */
final class Unpacked {
    private final long max;
    private long total;

    Unpacked(long max) {
        this.max = max;
    }

    void add(long n) throws LimitExceeded {
        total += n;
        if (total > max) {
            throw new LimitExceeded("more than " + max + " bytes decompressed from the image"
                    + " (--max-unpacked-size)", true);
        }
    }

    boolean exhausted() {
        return total > max;
    }
}
