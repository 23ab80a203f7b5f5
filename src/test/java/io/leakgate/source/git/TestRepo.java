package io.leakgate.source.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real Git repository built with the git CLI, with fixed identities and increasing dates. */
public final class TestRepo {
    private final Path dir;
    private int clock;

    private TestRepo(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} in {@code dir} with branch {@code main}. */
    public static TestRepo init(Path dir, String... extraInitArgs) {
        TestRepo r = new TestRepo(dir);
        List<String> args = new ArrayList<>(List.of("init", "-q", "-b", "main"));
        args.addAll(List.of(extraInitArgs));
        args.add(dir.toString());
        r.git(args.toArray(new String[0]));
        return r;
    }

    public Path dir() {
        return dir;
    }

    public TestRepo write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestRepo write(String path, byte[] content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Stages everything and commits; returns the new commit's id. */
    public String commit(String message) {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return head();
    }

    public String head() {
        return git("rev-parse", "HEAD").strip();
    }

    /** Runs git in the repository and returns its standard output; fails the test on error. */
    public String git(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.add("-c");
        cmd.add("init.defaultBranch=main");
        cmd.add("-c");
        cmd.add("commit.gpgsign=false");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.isDirectory(dir) ? dir.toFile() : null)
                .redirectErrorStream(true);
        clock++;
        String date = String.format("2024-01-01T00:%02d:%02d+00:00", clock / 60 % 60, clock % 60);
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_NAME", "Ada Tester");
        env.put("GIT_AUTHOR_EMAIL", "ada@example.com");
        env.put("GIT_COMMITTER_NAME", "Ada Tester");
        env.put("GIT_COMMITTER_EMAIL", "ada@example.com");
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("HOME", dir.getParent() == null ? dir.toString() : dir.getParent().toString());
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            int rc = p.waitFor();
            String text = out.toString(StandardCharsets.UTF_8);
            if (rc != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed (" + rc + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
