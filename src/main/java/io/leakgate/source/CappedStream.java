package io.leakgate.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Ends a stream after {@code max} bytes, counting what was read and noting whether more was there. */
final class CappedStream extends FilterInputStream {
    private final long max;
    private long count;
    private boolean exceeded;

    CappedStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (count >= max) {
            if (!exceeded && in.read() >= 0) {
                exceeded = true;
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, max - count));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Whether the stream held more than {@code max} bytes. */
    boolean exceeded() {
        return exceeded;
    }
}
