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
    private final Path gitDir;
    private final Path workTree;
    private final GitConfig config;
    private final CatFile objects;
    private final GitProcess.Running quarantineListing;

    private HookRepository(GitProcess git, Path gitDir, Path workTree, GitConfig config, CatFile objects,
            GitProcess.Running quarantineListing) {
        this.git = git;
        this.gitDir = gitDir;
        this.workTree = workTree;
        this.config = config;
        this.objects = objects;
        this.quarantineListing = quarantineListing;
    }

    /**
     * Opens the repository git runs the hook in ({@code cwd} and the environment).
     *
     * @param workTree whether to find the work tree (client hooks); a server's is bare
     */
    static HookRepository open(Map<String, String> env, Path cwd, boolean workTree) throws LeakgateException {
        String program = env.get("LEAKGATE_GIT");
        GitProcess git = new GitProcess(cwd, program == null || program.isBlank() ? "git" : program);
        // Started together, so git's start-ups overlap with each other and with this JVM's work.
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
        String[] dirs;
        try {
            dirs = new String(where.finish(), StandardCharsets.UTF_8).split("\n");
        } catch (LeakgateException e) {
            if (listing != null) {
                listing.kill();
            }
            settings.kill();
            if (workTree && e.getMessage().contains("must be run in a work tree")) {
                throw new LeakgateException(cwd + ": a bare repository has no staged changes or work tree", e);
            }
            throw new LeakgateException(cwd + ": not a git repository (" + e.getMessage() + ")", e);
        }
        Path gitDir = Path.of(dirs[0].trim());
        Path top = workTree && dirs.length > 1 ? Path.of(dirs[1].trim()) : null;
        GitConfig config = GitConfig.parse(settings.finish());
        String format = config.get("extensions.objectformat");
        if (format != null && !format.toLowerCase(Locale.ROOT).equals("sha1")) {
            if (listing != null) {
                listing.kill();
            }
            throw new LeakgateException(gitDir + ": " + format + " repositories are not supported "
                    + "(leakgate reads SHA-1 repositories only)");
        }
        return new HookRepository(git, gitDir, top, config, CatFile.start(git), listing);
    }

    GitProcess git() {
        return git;
    }

    /** The repository's git directory (relative paths in its config resolve against it). */
    Path gitDir() {
        return gitDir;
    }

    /** The work tree's top directory, or null when not asked for. */
    Path workTree() {
        return workTree;
    }

    GitConfig config() {
        return config;
    }

    /** The running {@code git cat-file --batch}: objects by id or expression. */
    CatFile objects() {
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
        objects.close();
        if (quarantineListing != null) {
            quarantineListing.kill();
        }
    }
}
