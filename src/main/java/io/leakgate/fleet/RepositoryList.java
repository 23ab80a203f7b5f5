package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * The repositories the inputs of {@code leakgate repos} name: clone URLs, repository paths, list
 * files of either (one a line, {@code #} comments) and directories holding repositories, bare or
 * not. A path in a list file that does not exist is kept, to fail as that repository's scan.
 */
public final class RepositoryList {
    /** {@code scheme://…} or scp-like {@code user@host:path}. */
    private static final Pattern URL = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*://|[^/@:\\s]+@[^/:\\s]+:).*");

    /**
     * One repository: {@code name} is how the datastore knows it (an absolute path, or the URL
     * without a password), {@code location} where to read it from.
     */
    record Source(String name, String location, boolean remote) {
    }

    private RepositoryList() {
    }

    /** The repositories of {@code inputs}, each once, sorted by name. */
    static List<Source> expand(List<String> inputs) throws LeakgateException {
        Map<String, Source> out = new TreeMap<>();
        for (String input : inputs) {
            if (isUrl(input)) {
                add(out, remote(input));
                continue;
            }
            Path p = Path.of(input);
            if (Files.isRegularFile(p)) {
                for (String line : lines(p)) {
                    for (Source s : entry(line, p)) {
                        add(out, s);
                    }
                }
            } else if (Files.isDirectory(p)) {
                directory(p).forEach(s -> add(out, s));
            } else {
                throw new LeakgateException(input + ": no such file or directory (give a list file, a repository, "
                        + "a directory of repositories or a clone URL)");
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void add(Map<String, Source> out, Source s) {
        out.putIfAbsent(s.name(), s);
    }

    public static boolean isUrl(String s) {
        return URL.matcher(s).matches();
    }

    private static List<String> lines(Path file) throws LeakgateException {
        try {
            List<String> out = new ArrayList<>();
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read the list: " + e.getMessage(), e);
        }
    }

    /** A line of a list file; a relative path is taken from the list's directory. */
    private static List<Source> entry(String line, Path list) {
        if (isUrl(line)) {
            return List.of(remote(line));
        }
        Path base = list.toAbsolutePath().getParent();
        Path p = base.resolve(line).normalize();
        if (Files.isDirectory(p) && !isRepository(p)) {
            return directory(p);
        }
        return List.of(local(p));
    }

    /** A repository, or else the repositories directly inside the directory. */
    private static List<Source> directory(Path dir) {
        if (isRepository(dir)) {
            return List.of(local(dir));
        }
        List<Source> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(Files::isDirectory).filter(RepositoryList::isRepository).sorted()
                    .forEach(p -> out.add(local(p)));
        } catch (IOException e) {
            out.add(local(dir));
        }
        return out;
    }

    private static boolean isRepository(Path dir) {
        return RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)
                || RepositoryCache.FileKey.isGitRepository(dir.resolve(".git").toFile(), FS.DETECTED);
    }

    private static Source local(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            abs = abs.toRealPath();
        } catch (IOException e) {
            // a missing path keeps its name, and fails as that repository
        }
        return new Source(abs.toString(), abs.toString(), false);
    }

    private static Source remote(String url) {
        // The datastore, reports and messages name the repository without a password in its URL.
        String name = url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
        return new Source(name, url, true);
    }
}
