package io.leakgate.source.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary copy of an image archive (read from a pipe, or decompressed), which can be as large
 * as the image: it lives in a directory of its own that only the owner can open, and is removed on
 * close, and also when the JVM exits or is stopped by a signal (a shutdown hook; deleteOnExit as a
 * second line), so a scan interrupted mid-read leaves nothing behind. Only a SIGKILL can.
 */
final class SpoolFile implements Closeable {
    private final Path dir;
    private final Path file;
    private final Thread cleanup;

    private SpoolFile(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
        this.cleanup = new Thread(this::delete, "leakgate-spool-cleanup");
    }

    static SpoolFile create() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix
                ? Files.createTempDirectory("leakgate-image-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("leakgate-image-");
        // deleteOnExit runs in reverse order: the file first, then its directory.
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("archive.tar");
        file.toFile().deleteOnExit();
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        SpoolFile spool = new SpoolFile(dir, file);
        try {
            Runtime.getRuntime().addShutdownHook(spool.cleanup);
        } catch (IllegalStateException shuttingDown) {
            spool.delete();
            throw new IOException("shutting down");
        }
        return spool;
    }

    Path path() {
        return file;
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // nothing more can be done here; deleteOnExit tries once more
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it deletes the same files
        }
    }
}
