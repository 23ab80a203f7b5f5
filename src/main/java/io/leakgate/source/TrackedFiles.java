package io.leakgate.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.util.FS;

/**
 * The files Git tracks under a scanned directory, read from the index of the work tree holding it:
 * a tracked file is never ignored, whatever {@code .gitignore} says ({@code git add -f .env}).
 * The index is read only when an ignore rule first matches, so scans that ignore nothing, and
 * directories outside Git, never read it.
 */
final class TrackedFiles {
    private final Path root;
    private Set<String> files;
    private Set<String> dirs;

    TrackedFiles(Path root) {
        this.root = root;
    }

    /** Whether {@code rel} (relative to the scanned root) is tracked, or for a directory holds a tracked file. */
    boolean holds(String rel, boolean isDir) {
        if (files == null) {
            load();
        }
        return isDir ? dirs.contains(rel) : files.contains(rel);
    }

    private void load() {
        files = new HashSet<>();
        dirs = new HashSet<>();
        Path start = root.toAbsolutePath().normalize();
        for (Path top = start; top != null; top = top.getParent()) {
            Path dotGit = top.resolve(".git");
            Path index = indexOf(dotGit);
            if (index == null) {
                continue;
            }
            String prefix = top.relativize(start).toString().replace('\\', '/');
            read(index, prefix.isEmpty() ? "" : prefix + "/");
            return;
        }
    }

    /** The index file of {@code .git} (a directory, or a file naming the git directory of a linked work tree). */
    private static Path indexOf(Path dotGit) {
        if (Files.isDirectory(dotGit)) {
            return dotGit.resolve("index");
        }
        if (!Files.isRegularFile(dotGit)) {
            return null;
        }
        try {
            String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("gitdir:")) {
                return null;
            }
            return dotGit.getParent().resolve(text.substring("gitdir:".length()).strip()).resolve("index");
        } catch (IOException e) {
            return null;
        }
    }

    private void read(Path index, String prefix) {
        if (!Files.isRegularFile(index)) {
            return;
        }
        DirCache cache;
        try {
            cache = DirCache.read(index.toFile(), FS.DETECTED);
        } catch (IOException | RuntimeException e) {
            // an unreadable index tracks nothing we can know of; .gitignore then decides, as before
            return;
        }
        for (int i = 0; i < cache.getEntryCount(); i++) {
            String path = cache.getEntry(i).getPathString();
            if (!path.startsWith(prefix)) {
                continue;
            }
            String rel = path.substring(prefix.length());
            files.add(rel);
            for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
                dirs.add(rel.substring(0, slash));
            }
        }
    }
}
