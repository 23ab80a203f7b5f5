package io.leakgate.source;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Walks files and directories. Skips {@code .git/}, does not follow symbolic links, and by default
 * leaves out what {@code .gitignore} files (and {@code .git/info/exclude}) ignore, except files
 * that Git tracks. A file named on the command line that is not a regular file (a pipe, a FIFO, a
 * device) is read as a stream; whatever the walk cannot read is handed on as skipped, with why.
 */
public final class DirectorySource {
    private final boolean honourGitignore;

    public DirectorySource(boolean honourGitignore) {
        this.honourGitignore = honourGitignore;
    }

    /** Emits every file under {@code root} (or {@code root} itself when it is a file). */
    public void walk(Path root, Consumer<Target> sink) throws LeakgateException {
        walk(root, root, sink);
    }

    /**
     * Emits every file under {@code root}, named as under {@code shown}: the path as the user
     * wrote it, when {@code root} is that path resolved against a working directory of its own.
     */
    public void walk(Path root, Path shown, Consumer<Target> sink) throws LeakgateException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new LeakgateException(shown + ": no such file or directory");
        } catch (IOException e) {
            throw new LeakgateException(shown + ": cannot read: " + e.getMessage());
        }
        String display = displayRoot(shown);
        if (attrs.isRegularFile()) {
            sink.accept(new FileTarget(root, display, attrs.size()));
            return;
        }
        if (!attrs.isDirectory()) {
            sink.accept(new StreamTarget(display, () -> Files.newInputStream(root)));
            return;
        }
        Layer exclude = null;
        TrackedFiles tracked = null;
        if (honourGitignore) {
            IgnoreNode node = parse(root.resolve(".git").resolve("info").resolve("exclude"));
            if (node != null) {
                exclude = new Layer("", node, null);
            }
            tracked = new TrackedFiles(root);
        }
        // an explicit stack: no depth limit of our own, and each directory is listed in name order
        Deque<Dir> stack = new ArrayDeque<>();
        stack.push(new Dir(root, "", display, exclude, false));
        while (!stack.isEmpty()) {
            Dir dir = stack.pop();
            List<Dir> subdirs = list(dir, tracked, sink);
            for (int i = subdirs.size() - 1; i >= 0; i--) {
                stack.push(subdirs.get(i));
            }
        }
    }

    /** Emits the files of one directory; returns its subdirectories to walk. */
    private List<Dir> list(Dir dir, TrackedFiles tracked, Consumer<Target> sink) {
        Layer ignores = dir.ignores;
        if (honourGitignore) {
            IgnoreNode node = parse(dir.path.resolve(".gitignore"));
            if (node != null) {
                ignores = new Layer(dir.rel, node, ignores);
            }
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.path)) {
            ds.forEach(entries::add);
        } catch (IOException | RuntimeException e) {
            skip(sink, dir.display.isEmpty() ? "." : dir.display, "cannot list directory", e);
            return List.of();
        }
        entries.sort(null);
        List<Dir> subdirs = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            String childRel = dir.rel.isEmpty() ? name : dir.rel + "/" + name;
            String childDisplay = dir.display.isEmpty() ? name : dir.display + "/" + name;
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                skip(sink, childDisplay, "cannot read", e);
                continue;
            }
            if (a.isSymbolicLink()) {
                continue;
            }
            boolean isDir = a.isDirectory();
            if (isDir && name.equals(".git")) {
                continue;
            }
            // inside an ignored directory (walked for the tracked files it holds) the rest stays ignored
            boolean ignored = honourGitignore && (dir.ignored || ignored(ignores, childRel, isDir));
            if (ignored && !tracked.holds(childRel, isDir)) {
                continue;
            }
            if (isDir) {
                subdirs.add(new Dir(entry, childRel, childDisplay, ignores, ignored));
            } else if (a.isRegularFile()) {
                sink.accept(new FileTarget(entry, childDisplay, a.size()));
            } else {
                // reading a FIFO found in a tree could block for ever; naming it on the command line reads it
                sink.accept(new SkippedTarget(new Skipped(childDisplay, Skipped.Reason.UNREADABLE, -1,
                        "not a regular file (a FIFO, socket or device); name it as a PATH to read it")));
            }
        }
        return subdirs;
    }

    private static void skip(Consumer<Target> sink, String display, String what, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        }
        sink.accept(new SkippedTarget(new Skipped(display, Skipped.Reason.UNREADABLE, -1, what + ": " + why)));
    }

    private static boolean ignored(Layer ignores, String rel, boolean isDir) {
        for (Layer layer = ignores; layer != null; layer = layer.parent) {
            String local = layer.dir.isEmpty() ? rel : rel.substring(layer.dir.length() + 1);
            Boolean verdict = layer.node.checkIgnored(local, isDir);
            if (verdict != null) {
                return verdict;
            }
        }
        return false;
    }

    private static IgnoreNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
        } catch (IOException e) {
            return null;
        }
        return node;
    }

    /** The path as the user would write it: "." becomes "", "./x" becomes "x". */
    private static String displayRoot(Path root) {
        String s = root.normalize().toString().replace('\\', '/');
        if (s.equals(".") || s.isEmpty()) {
            return "";
        }
        return s.startsWith("./") ? s.substring(2) : s;
    }

    /** One directory's ignore rules, then its parents'. */
    private record Layer(String dir, IgnoreNode node, Layer parent) {
    }

    /** A directory to list; {@code ignored} when .gitignore ignores it but it holds tracked files. */
    private record Dir(Path path, String rel, String display, Layer ignores, boolean ignored) {
    }
}
