package io.leakgate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a real process for a test: its output is read while it runs, and it may not hang. */
public final class Processes {
    /** What a process printed and how it exited. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private Processes() {
    }

    /**
     * @param environment edits the child's environment before it starts
     * @param stdin       bytes for standard input, or null for none
     */
    public static Result run(List<String> command, Path dir, Consumer<Map<String, String>> environment,
            byte[] stdin, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        environment.accept(pb.environment());
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish in " + timeoutSeconds + " s: " + command);
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        });
        t.start();
        return t;
    }
}
