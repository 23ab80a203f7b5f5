package io.leakgate.source.image;

import io.leakgate.source.archive.Inflation;
import io.leakgate.source.archive.LimitExceeded;

/**
 * The image-wide count of decompressed bytes against {@link ImageLimits#maxUnpacked()}. Only the
 * producing thread reads archives, so it needs no locking.
 */
final class Unpacked implements Inflation.Budget {
    private final long max;
    private long total;

    Unpacked(long max) {
        this.max = max;
    }

    @Override
    public void add(long n) throws LimitExceeded {
        total += n;
        if (total > max) {
            throw new LimitExceeded("more than " + max + " bytes decompressed from the image"
                    + " (--max-unpacked-size)", true);
        }
    }
}
