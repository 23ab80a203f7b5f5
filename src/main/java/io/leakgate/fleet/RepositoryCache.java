package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Mirror clones of remote repositories (every ref), made with git's own {@code clone --mirror}
 * and brought up to date with {@code fetch --prune}, so a second run transfers only what is new.
 * git never prompts: a repository that needs credentials it does not have fails with git's reason.
 */
final class RepositoryCache {
    private final Path dir;

    RepositoryCache(Path dir) {
        this.dir = dir;
    }

    /** The up-to-date mirror of {@code url}: cloned on first use, fetched afterwards. */
    Path mirror(String name, String url) throws LeakgateException {
        Path target = dir.resolve(directoryName(name));
        try {
            Files.createDirectories(dir);
            if (Files.isDirectory(target)) {
                git("fetch", List.of("git", "-C", target.toString(), "fetch", "--prune", "--quiet", "origin"), name);
                return target;
            }
            Path partial = Files.createTempDirectory(dir, ".clone-");
            try {
                git("clone", List.of("git", "clone", "--mirror", "--quiet", "--", url, partial.toString()), name);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new LeakgateException(name + ": cannot update the cache in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A readable, unique directory name: the URL's last segments and a digest of the whole. */
    static String directoryName(String name) {
        String tail = name.replaceAll("\\.git$", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        if (tail.length() > 60) {
            tail = tail.substring(tail.length() - 60);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return tail + "-" + HexFormat.of().formatHex(d, 0, 6) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static void git(String verb, List<String> command, String name) throws LeakgateException, IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GCM_INTERACTIVE", "never");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LeakgateException(name + ": interrupted while git ran");
        }
        if (exit != 0) {
            String reason = new String(err, StandardCharsets.UTF_8).strip();
            String[] lines = reason.split("\n");
            throw new LeakgateException(name + ": git " + verb + " failed: "
                    + (reason.isEmpty() ? "exit " + exit : lines[lines.length - 1].strip()));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
