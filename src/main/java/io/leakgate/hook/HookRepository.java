package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.source.plumbing.CatFile;
import io.leakgate.source.plumbing.GitConfig;
import io.leakgate.source.plumbing.GitProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The repository a hook runs in, reached through the {@code git} program that runs the hook. Git
 * hands its hooks the repository ({@code GIT_DIR}), the push quarantine's object directories
 * ({@code GIT_OBJECT_DIRECTORY}, {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}, {@code GIT_QUARANTINE_PATH})
 * and the index ({@code GIT_INDEX_FILE}) in the environment; the git processes started here
 * inherit it, so they see exactly the objects the receiving git sees, C-quoted alternate paths
 * and all. Nothing is ever written to the repository.
 */
final class HookRepository implements AutoCloseable {
    private final GitProcess git;
    private final Path cwd;
    private final boolean wantWorkTree;
    private final GitProcess.Running where;
    private final GitProcess.Running settings;
    private final GitProcess.Running quarantineListing;
    private Path gitDir;
    private Path workTree;
    private GitConfig config;
    private CatFile objects;

    private HookRepository(GitProcess git, Path cwd, boolean wantWorkTree, GitProcess.Running where,
            GitProcess.Running settings, GitProcess.Running quarantineListing) {
        this.git = git;
        this.cwd = cwd;
        this.wantWorkTree = wantWorkTree;
        this.where = where;
        this.settings = settings;
        this.quarantineListing = quarantineListing;
    }

    /**
     * Starts reading the repository git runs the hook in ({@code cwd} and the environment) and
     * returns at once: git's processes run while this JVM loads its rules, and the first question
     * asked of the repository waits for them.
     *
     * @param workTree whether to find the work tree (client hooks); a server's is bare
     */
    static HookRepository open(Map<String, String> env, Path cwd, boolean workTree) throws LeakgateException {
        String program = env.get("LEAKGATE_GIT");
        GitProcess git = new GitProcess(cwd, program == null || program.isBlank() ? "git" : program);
        GitProcess.Running where = workTree
                ? git.start("rev-parse", "--absolute-git-dir", "--show-toplevel")
                : git.start("rev-parse", "--absolute-git-dir");
        GitProcess.Running settings = git.start("config", "-z", "--list");
        String quarantine = env.get("GIT_QUARANTINE_PATH");
        GitProcess.Running listing = null;
        if (quarantine != null && !quarantine.isEmpty()) {
            // Only the quarantine's own objects: what this push brings.
            listing = git.withEnv("GIT_OBJECT_DIRECTORY", quarantine)
                    .withEnv("GIT_ALTERNATE_OBJECT_DIRECTORIES", null)
                    .start("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)");
        }
        return new HookRepository(git, cwd, workTree, where, settings, listing);
    }

    /** Waits for the repository's location and config; fails when it is no SHA-1 git repository. */
    private void ready() throws LeakgateException {
        if (config != null) {
            return;
        }
        String[] dirs;
        try {
            dirs = new String(where.finish(), StandardCharsets.UTF_8).split("\n");
        } catch (LeakgateException e) {
            if (wantWorkTree && e.getMessage().contains("must be run in a work tree")) {
                throw new LeakgateException(cwd + ": a bare repository has no staged changes or work tree", e);
            }
            throw new LeakgateException(cwd + ": not a git repository (" + e.getMessage() + ")", e);
        }
        Path dir = Path.of(dirs[0].trim());
        GitConfig read = GitConfig.parse(settings.finish());
        String format = read.get("extensions.objectformat");
        if (format != null && !format.toLowerCase(Locale.ROOT).equals("sha1")) {
            throw new LeakgateException(dir + ": " + format + " repositories are not supported "
                    + "(leakgate reads SHA-1 repositories only)");
        }
        gitDir = dir;
        workTree = wantWorkTree && dirs.length > 1 ? Path.of(dirs[1].trim()) : null;
        objects = CatFile.start(git);
        config = read;
    }

    GitProcess git() {
        return git;
    }

    /** The repository's git directory (relative paths in its config resolve against it). */
    Path gitDir() throws LeakgateException {
        ready();
        return gitDir;
    }

    /** The work tree's top directory, or null when not asked for. */
    Path workTree() throws LeakgateException {
        ready();
        return workTree;
    }

    GitConfig config() throws LeakgateException {
        ready();
        return config;
    }

    /** The running {@code git cat-file --batch}: objects by id or expression. */
    CatFile objects() throws LeakgateException {
        ready();
        return objects;
    }

    /** Whether the hook runs inside git's push quarantine (git 2.13 and later). */
    boolean inQuarantine() {
        return quarantineListing != null;
    }

    /** The objects the push brought, by type (only inside the quarantine). */
    NewObjects newObjects() throws LeakgateException {
        NewObjects out = new NewObjects(new HashSet<>(), new HashSet<>());
        if (quarantineListing == null) {
            return out;
        }
        String all = new String(quarantineListing.finish(), StandardCharsets.US_ASCII);
        int start = 0;
        while (start < all.length()) {
            int end = all.indexOf('\n', start);
            if (end < 0) {
                end = all.length();
            }
            int space = all.indexOf(' ', start);
            if (space > start && space < end) {
                String type = all.substring(start, space);
                String id = all.substring(space + 1, end);
                if (type.equals("commit")) {
                    out.commits().add(id);
                } else if (type.equals("blob")) {
                    out.blobs().add(id);
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** The commits and blobs a push brought. */
    record NewObjects(Set<String> commits, Set<String> blobs) {
    }

    @Override
    public void close() {
        if (objects != null) {
            objects.close();
        }
        where.kill();
        settings.kill();
        if (quarantineListing != null) {
            quarantineListing.kill();
        }
    }
}
