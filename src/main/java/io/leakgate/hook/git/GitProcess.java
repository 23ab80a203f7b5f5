package io.leakgate.hook.git;

import io.leakgate.LeakgateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code git} program in a repository. A hook's children inherit the environment git
 * gave the hook ({@code GIT_DIR}, the push quarantine's object directories, {@code GIT_INDEX_FILE}),
 * so the objects git shows are exactly those the git process running the hook sees, and git's own
 * start-up is a small part of a Java Git library's in a fresh JVM.
 */
public final class GitProcess {
    private final Path cwd;
    private final String executable;
    private final Map<String, String> env;

    /**
     * @param executable the git program; hooks find {@code git} on {@code PATH}, where git itself
     *                   puts its own directory before it runs a hook
     */
    public GitProcess(Path cwd, String executable) {
        this(cwd, executable, Map.of());
    }

    private GitProcess(Path cwd, String executable, Map<String, String> env) {
        this.cwd = cwd;
        this.executable = executable;
        this.env = env;
    }

    /** The same git with one environment variable set, or removed when {@code value} is null. */
    public GitProcess withEnv(String name, String value) {
        Map<String, String> changed = new HashMap<>(env);
        changed.put(name, value);
        return new GitProcess(cwd, executable, changed);
    }

    /** Starts {@code git ARGS}; its standard error is collected for {@link Running#finish()}. */
    public Running start(String... args) throws LeakgateException {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(executable);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        if (!env.isEmpty()) {
            Map<String, String> e = pb.environment();
            env.forEach((k, v) -> {
                if (v == null) {
                    e.remove(k);
                } else {
                    e.put(k, v);
                }
            });
        }
        try {
            return new Running(args.length > 0 ? args[0] : "", pb.start());
        } catch (IOException e) {
            throw new LeakgateException("cannot run " + executable + " (is git installed and on PATH?): "
                    + e.getMessage(), e);
        }
    }

    /** Runs {@code git ARGS} to the end, with {@code stdin} as its input, and returns its output. */
    public byte[] output(byte[] stdin, String... args) throws LeakgateException {
        return start(args).feed(stdin).finish();
    }

    /** A started git process. */
    public static final class Running {
        private final String what;
        private final Process process;
        private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        private final Thread drain;

        Running(String what, Process process) {
            this.what = what;
            this.process = process;
            // Read standard error on the side, so git never blocks on a full pipe.
            this.drain = new Thread(() -> {
                try (InputStream e = process.getErrorStream()) {
                    e.transferTo(errors);
                } catch (IOException ignored) {
                    // the process is gone; its exit code says what matters
                }
            }, "git-stderr");
            drain.setDaemon(true);
            drain.start();
        }

        public OutputStream stdin() {
            return process.getOutputStream();
        }

        public InputStream stdout() {
            return process.getInputStream();
        }

        /** Writes {@code bytes} to the process's input and closes it. */
        public Running feed(byte[] bytes) throws LeakgateException {
            OutputStream in = process.getOutputStream();
            if (bytes != null && bytes.length > 32 * 1024) {
                // A large input goes from a thread: git may start writing before it has read it all.
                Thread t = new Thread(() -> {
                    try (in) {
                        in.write(bytes);
                    } catch (IOException e) {
                        // git stopped reading: its exit status and message say why (see finish())
                    }
                }, "git-stdin");
                t.setDaemon(true);
                t.start();
                return this;
            }
            try (in) {
                if (bytes != null) {
                    in.write(bytes);
                }
            } catch (IOException e) {
                throw failure(e);
            }
            return this;
        }

        /** Reads the whole output, waits for the exit, and fails with git's message on a non-zero exit. */
        public byte[] finish() throws LeakgateException {
            try (InputStream out = process.getInputStream()) {
                byte[] bytes = out.readAllBytes();
                await();
                return bytes;
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** Waits for the exit and fails with git's message on a non-zero exit. */
        public void await() throws LeakgateException {
            try {
                int code = process.waitFor();
                drain.join();
                if (code != 0) {
                    throw new LeakgateException("git " + what + " failed (exit " + code + "): " + message());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new LeakgateException("interrupted while git " + what + " ran", e);
            }
        }

        /** Stops the process if it still runs. */
        public void kill() {
            process.destroyForcibly();
        }

        private LeakgateException failure(IOException e) {
            process.destroyForcibly();
            try {
                drain.join(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            String m = message();
            return new LeakgateException("git " + what + ": " + (m.isEmpty() ? e.getMessage() : m), e);
        }

        private String message() {
            String text = errors.toString(StandardCharsets.UTF_8).strip();
            // git's last line carries the verdict ("fatal: ..."); earlier ones are hints.
            int nl = text.lastIndexOf('\n');
            String last = nl < 0 ? text : text.substring(nl + 1);
            return last.isEmpty() ? "no message" : last;
        }
    }
}
