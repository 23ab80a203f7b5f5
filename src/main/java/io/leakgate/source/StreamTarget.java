package io.leakgate.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content with no size known before reading: standard input, a pipe or FIFO, a device. It is
 * read as a stream, in windows when it is larger than memory allows.
 */
public record StreamTarget(String path, Opener opener) implements Target.Streamed {
    /** Opens the stream; called once, by the scanning thread. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public InputStream open() throws IOException {
        return opener.open();
    }

    @Override
    public Content read(byte[] into, long maxSize) throws IOException {
        try (InputStream in = open()) {
            byte[] b = in.readNBytes((int) Math.min(maxSize + 1, Integer.MAX_VALUE - 8));
            return b.length > maxSize ? new Content(b, 0, true, b.length) : new Content(b, b.length, false, b.length);
        }
    }
}
