package io.leakgate.hook;

import io.leakgate.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the real git CLI in a sandbox: its own HOME, no system config, a fixed identity. */
final class Git {
    /** What a git command printed and how it exited. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    Git(Path home) {
        this.home = home;
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Dev Eloper");
        env.put("GIT_AUTHOR_EMAIL", "dev@example.test");
        env.put("GIT_COMMITTER_NAME", "Dev Eloper");
        env.put("GIT_COMMITTER_EMAIL", "dev@example.test");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LANG", "C");
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve(".gitconfig"), "[init]\n\tdefaultBranch = main\n"
                    + "[advice]\n\tdetachedHead = false\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Git with(String key, String value) {
        Git g = new Git(home);
        g.env.putAll(env);
        g.env.put(key, value);
        return g;
    }

    Result run(Path dir, String... args) {
        return run(dir, null, args);
    }

    Result run(Path dir, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(cmd, dir, e -> {
            e.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("LEAKGATE"));
            e.putAll(env);
        }, stdin, 180);
        return new Result(r.exit(), r.out(), r.err());
    }

    /** Runs git and fails the test when it fails. */
    String ok(Path dir, String... args) {
        Result r = run(dir, args);
        if (r.exit() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.all());
        }
        return r.out().trim();
    }
}
