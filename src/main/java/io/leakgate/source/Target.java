package io.leakgate.source;

import java.io.IOException;
import java.io.InputStream;

/** Something to scan: bytes and the name they are reported under. */
public interface Target {
    /** The path findings are reported under. */
    String path();

    /** Size in bytes, or -1 when unknown before reading. */
    long size();

    /**
     * Reads the content into {@code into} if it fits, else into a new array.
     *
     * @return the array holding the content; its length is given by {@link Content#length()}
     */
    Content read(byte[] into, long maxSize) throws IOException;

    /** A target that can also be read as a stream, so content larger than memory is scanned in windows. */
    interface Streamed extends Target {
        InputStream open() throws IOException;
    }

    /**
     * Content read from a target: {@code bytes[0, length)}. When it is larger than the limit,
     * {@code tooLarge} is set and nothing was read ({@code length} 0); {@code size} is the whole
     * content's size either way.
     */
    record Content(byte[] bytes, int length, boolean tooLarge, long size) {
    }
}
