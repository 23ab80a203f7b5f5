package io.leakgate.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file on disk. */
record FileTarget(Path file, String path, long size) implements Target.Streamed {
    /** The largest array a JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    @Override
    public Content read(byte[] into, long maxSize) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long actual = ch.size();
            if (actual > maxSize || actual > MAX_ARRAY) {
                return new Content(into, 0, true, actual);
            }
            byte[] buf = into != null && into.length >= actual ? into : new byte[(int) actual];
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) actual);
            while (bb.hasRemaining() && ch.read(bb) >= 0) {
                // keep reading until the whole file is in
            }
            return new Content(buf, bb.position(), false, actual);
        }
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }
}
