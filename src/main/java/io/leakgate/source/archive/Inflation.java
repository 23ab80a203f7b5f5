package io.leakgate.source.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Watches a decompressing stream: counts what it produces against a budget (the whole image's,
 * the whole archive's) and against the compressed bytes it consumed, and stops a stream whose
 * ratio marks it as a bomb.
 */
public final class Inflation extends FilterInputStream {
    /** Streams smaller than this are never judged by their ratio: small files compress well. */
    public static final long RATIO_GRACE = 1 << 20;

    /** A running count of decompressed bytes that throws once it is over its limit. */
    public interface Budget {
        void add(long n) throws LimitExceeded;
    }

    private final LongSupplier compressed;
    private final Budget budget;
    private final long maxRatio;
    private long produced;

    /**
     * @param inflated   the decompressing stream, reading from {@code compressed}
     * @param compressed how many compressed bytes have been consumed so far; null when the
     *                   stream is not compressed (only the budget applies)
     */
    public Inflation(InputStream inflated, LongSupplier compressed, Budget budget, long maxRatio) {
        super(inflated);
        this.compressed = compressed;
        this.budget = budget;
        this.maxRatio = maxRatio;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            account(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            account(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read instead of skip so skipped bytes are counted too
        byte[] scratch = new byte[(int) Math.min(n, 64 * 1024)];
        long done = 0;
        while (done < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private void account(int n) throws IOException {
        produced += n;
        budget.add(n);
        if (compressed != null && produced > RATIO_GRACE
                && produced > maxRatio * Math.max(1, compressed.getAsLong())) {
            throw new LimitExceeded("decompresses more than " + maxRatio
                    + " times its compressed size (decompression bomb?)", false);
        }
    }

    /** Counts the bytes read through it. */
    public static final class Counting extends FilterInputStream {
        private long count;

        public Counting(InputStream in) {
            super(in);
        }

        public long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += Math.max(0, s);
            return s;
        }
    }
}
