package io.leakgate.source;

import io.leakgate.LeakgateException;
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
 * leaves out what {@code .gitignore} files (and {@code .git/info/exclude}) ignore.
 */
public final class DirectorySource {
    private final boolean honourGitignore;

    public DirectorySource(boolean honourGitignore) {
        this.honourGitignore = honourGitignore;
    }

    /** Emits every file under {@code root} (or {@code root} itself when it is a file). */
    public void walk(Path root, Consumer<Target> sink) throws LeakgateException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new LeakgateException(root + ": no such file or directory");
        } catch (IOException e) {
            throw new LeakgateException(root + ": cannot read: " + e.getMessage());
        }
        String display = displayRoot(root);
        if (!attrs.isDirectory()) {
            sink.accept(new FileTarget(root, display, attrs.size()));
            return;
        }
        Deque<Layer> ignores = new ArrayDeque<>();
        if (honourGitignore) {
            IgnoreNode exclude = parse(root.resolve(".git").resolve("info").resolve("exclude"));
            if (exclude != null) {
                ignores.push(new Layer("", exclude));
            }
        }
        walkDir(root, "", display, ignores, sink);
    }

    private void walkDir(Path dir, String rel, String display, Deque<Layer> ignores, Consumer<Target> sink)
            throws LeakgateException {
        boolean pushed = false;
        if (honourGitignore) {
            IgnoreNode node = parse(dir.resolve(".gitignore"));
            if (node != null) {
                ignores.push(new Layer(rel, node));
                pushed = true;
            }
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            throw new LeakgateException(dir + ": cannot list directory: " + e.getMessage());
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue;
            }
            if (a.isSymbolicLink() || a.isOther()) {
                continue;
            }
            boolean isDir = a.isDirectory();
            if (isDir && name.equals(".git")) {
                continue;
            }
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (honourGitignore && ignored(ignores, childRel, isDir)) {
                continue;
            }
            String childDisplay = display.isEmpty() ? name : display + "/" + name;
            if (isDir) {
                walkDir(entry, childRel, childDisplay, ignores, sink);
            } else if (a.isRegularFile()) {
                sink.accept(new FileTarget(entry, childDisplay, a.size()));
            }
        }
        if (pushed) {
            ignores.pop();
        }
    }

    private static boolean ignored(Deque<Layer> ignores, String rel, boolean isDir) {
        for (Layer layer : ignores) {
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

    private record Layer(String dir, IgnoreNode node) {
    }
}
