package io.leakgate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a run of leakgate reads and writes besides its arguments: standard streams, the
 * environment, the directory relative paths are taken from, and whether a person watches stderr.
 * {@link #process()} is the real process's; a test gives its own to run commands in its JVM.
 *
 * @param workDir where relative paths are resolved; null for the process's own directory, where
 *                paths are used exactly as given. Scanned files are still named as given; other
 *                messages may name a path resolved against it.
 * @param console whether stderr is a terminal (progress bar, colour); asked only when needed
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workDir,
        BooleanSupplier console) {

    /** The process's own streams, environment and directory. */
    public static Terminal process() {
        return new Terminal(System.in, System.out, System.err, System.getenv(), null, new ProcessConsole());
    }

    /** {@code path} as this run sees it: relative paths are taken from {@link #workDir()}. */
    Path resolve(Path path) {
        return path == null || workDir == null ? path : workDir.resolve(path);
    }

    /** The working directory as an absolute path. */
    Path cwd() {
        return workDir == null ? Path.of("").toAbsolutePath() : workDir.toAbsolutePath();
    }

    /**
     * Whether these are the process's own standard streams, which picocli already writes to; other
     * streams are written as UTF-8.
     */
    boolean ownStreams() {
        return out == System.out && err == System.err;
    }

    /** Whether the process has a terminal; a class, not a lambda, which a hook's cold start would link. */
    private static final class ProcessConsole implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return System.console() != null;
        }
    }
}
