package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.hook.git.CatFile;
import io.leakgate.hook.git.GitConfig;
import io.leakgate.hook.git.GitProcess;
import io.leakgate.hook.git.LoggedCommit;
import io.leakgate.hook.git.RawLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
 *
 * <p>Git's processes are started on a thread of their own as soon as the repository is opened:
 * starting a process costs a cold JVM several milliseconds of waiting, which the hook spends
 * loading its rules instead. The first question asked of the repository waits for them.
 */
final class HookRepository implements AutoCloseable {
    private final GitProcess git;
    private final Path cwd;
    private final boolean wantWorkTree;
    private final String gitDirFromEnv;
    private final String quarantine;
    /** A command the hook will surely run, started first (the pre-commit's diff); or null. */
    private final String[] early;
    /** Where the repository is when {@code cwd} is plainly its work tree's top; else null. */
    private final Path plainGitDir;
    private final Thread starter;
    private final Thread lister;
    // Written by the starter thread, read after joining it.
    private GitProcess.Running where;
    private GitProcess.Running settings;
    private GitProcess.Running earlyRun;
    private CatFile objects;
    private NewObjects brought;
    private GitProcess.Running quarantineLog;
    private LeakgateException startFailure;
    private LeakgateException listFailure;
    // Set by ready().
    private Path gitDir;
    private Path workTree;
    private GitConfig config;
    /** Why the repository cannot be read (its object format), or null. */
    private String unsupported;

    private HookRepository(GitProcess git, Path cwd, boolean wantWorkTree, String gitDirFromEnv, String quarantine,
            String[] early, Path plainGitDir) {
        this.git = git;
        this.cwd = cwd;
        this.wantWorkTree = wantWorkTree;
        this.gitDirFromEnv = gitDirFromEnv;
        this.quarantine = quarantine;
        this.early = early;
        this.plainGitDir = plainGitDir;
        this.starter = new Thread(this::startProcesses, "leakgate-git");
        starter.setDaemon(true);
        this.lister = quarantine == null ? null : new Thread(this::listPush, "leakgate-git-push");
        if (lister != null) {
            lister.setDaemon(true);
        }
    }

    /**
     * Starts reading the repository git runs the hook in ({@code cwd} and the environment) and
     * returns at once.
     *
     * @param workTree whether to find the work tree (client hooks); a server's is bare
     */
    static HookRepository open(Map<String, String> env, Path cwd, boolean workTree) {
        return open(env, cwd, workTree, null);
    }

    /**
     * As {@link #open(Map, Path, boolean)}, starting {@code early} (git's arguments) before
     * anything else: see {@link #early()}.
     */
    static HookRepository open(Map<String, String> env, Path cwd, boolean workTree, String[] early) {
        String program = env.get("LEAKGATE_GIT");
        // Replace refs would let git show other objects than the ones a commit really holds.
        GitProcess git = new GitProcess(cwd, program == null || program.isBlank() ? "git" : program)
                .withEnv("GIT_NO_REPLACE_OBJECTS", "1");
        String gitDir = env.get("GIT_DIR");
        String quarantine = env.get("GIT_QUARANTINE_PATH");
        boolean located = gitDir != null && !gitDir.isEmpty() || env.get("GIT_WORK_TREE") != null;
        // git runs a client hook at the top of the work tree: there, .git is the repository, and
        // asking git where it is would cost a process on the way to the first scan.
        Path dotGit = cwd.resolve(".git");
        Path plain = workTree && !located && java.nio.file.Files.isDirectory(dotGit) ? dotGit.toAbsolutePath() : null;
        HookRepository repo = new HookRepository(git, cwd, workTree,
                gitDir == null || gitDir.isEmpty() ? null : gitDir,
                quarantine == null || quarantine.isEmpty() ? null : quarantine, early, plain);
        repo.starter.start();
        if (repo.lister != null) {
            repo.lister.start();
        }
        return repo;
    }

    private void startProcesses() {
        try {
            if (early != null) {
                earlyRun = git.start(early);
            }
            if (wantWorkTree && plainGitDir == null) {
                where = git.start("rev-parse", "--absolute-git-dir", "--show-toplevel");
            } else if (!wantWorkTree && gitDirFromEnv == null) {
                where = git.start("rev-parse", "--absolute-git-dir");
            }
            settings = git.start("config", "-z", "--list");
            objects = CatFile.start(git);
        } catch (LeakgateException e) {
            startFailure = e;
        } catch (RuntimeException e) {
            startFailure = new LeakgateException("cannot start git: " + e, e);
        }
    }

    /**
     * Lists what the push brought and runs git log over its commits (beside the other
     * processes). git log starts first and waits for the commits on its input, so its start-up
     * overlaps the listing.
     */
    private void listPush() {
        GitProcess.Running log = null;
        try {
            log = git.start(RawLog.logCommand("--no-walk=unsorted", "--stdin").toArray(new String[0]));
            brought = listQuarantine();
            if (!brought.commits().isEmpty()) {
                byte[] ids = (String.join("\n", brought.commits()) + "\n").getBytes(StandardCharsets.US_ASCII);
                quarantineLog = log.feed(ids);
                log = null;
            }
        } catch (LeakgateException e) {
            listFailure = e;
        } catch (RuntimeException e) {
            listFailure = new LeakgateException("cannot start git: " + e, e);
        } finally {
            if (log != null) {
                // No commits: given no input, git log would show HEAD instead.
                log.kill();
            }
        }
    }

    /** The commits and blobs in the quarantine's own object directory: what the push brings. */
    private NewObjects listQuarantine() throws LeakgateException {
        byte[] listing = git.withEnv("GIT_OBJECT_DIRECTORY", quarantine)
                .withEnv("GIT_ALTERNATE_OBJECT_DIRECTORIES", null)
                .output(null, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)");
        NewObjects out = new NewObjects(new HashSet<>(), new HashSet<>());
        String all = new String(listing, StandardCharsets.US_ASCII);
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

    /** Waits for git's processes, the repository's location and config; fails on a SHA-256 repository. */
    private void ready() throws LeakgateException {
        if (config != null) {
            return;
        }
        join(starter);
        join(lister);
        if (startFailure != null) {
            throw startFailure;
        }
        if (listFailure != null) {
            throw listFailure;
        }
        String[] dirs = where == null ? new String[0] : locate();
        GitConfig read = GitConfig.parse(settings.finish());
        if (plainGitDir != null && (read.get("core.worktree") != null || "true".equals(read.get("core.bare")))) {
            // The config puts the work tree elsewhere (or nowhere): git says where.
            where = git.start("rev-parse", "--absolute-git-dir", "--show-toplevel");
            dirs = locate();
        }
        Path dir = dirs.length > 0 ? Path.of(dirs[0].trim())
                : plainGitDir != null ? plainGitDir : cwd.resolve(gitDirFromEnv).normalize();
        String format = read.get("extensions.objectformat");
        if (format != null && !format.toLowerCase(Locale.ROOT).equals("sha1")) {
            // Not thrown yet: the repository's own policy (leakgate.onError) decides what follows.
            unsupported = dir + ": " + format + " repositories are not supported "
                    + "(leakgate reads SHA-1 repositories only)";
        }
        gitDir = dir;
        workTree = !wantWorkTree ? null : dirs.length > 1 ? Path.of(dirs[1].trim())
                : dirs.length == 0 && plainGitDir != null ? plainGitDir.getParent() : null;
        config = read;
    }

    /** What {@code git rev-parse} (started as {@link #where}) says: the git directory, then the work tree. */
    private String[] locate() throws LeakgateException {
        try {
            return new String(where.finish(), StandardCharsets.UTF_8).split("\n");
        } catch (LeakgateException e) {
            if (wantWorkTree && e.getMessage().contains("must be run in a work tree")) {
                throw new LeakgateException(cwd + ": a bare repository has no staged changes or work tree", e);
            }
            throw new LeakgateException(cwd + ": not a git repository (" + e.getMessage() + ")", e);
        }
    }

    /** The command given to {@link #open(Map, Path, boolean, String[])} as early, started. */
    GitProcess.Running early() throws LeakgateException {
        readable();
        return earlyRun;
    }

    private static void join(Thread t) throws LeakgateException {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeakgateException("interrupted while starting git", e);
        }
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
        readable();
        return workTree;
    }

    /** Waits for git, and fails when leakgate cannot read this repository's objects. */
    void readable() throws LeakgateException {
        ready();
        if (unsupported != null) {
            throw new LeakgateException(unsupported);
        }
    }

    GitConfig config() throws LeakgateException {
        ready();
        return config;
    }

    /** The running {@code git cat-file --batch}: objects by id or expression. */
    CatFile objects() throws LeakgateException {
        readable();
        return objects;
    }

    /** Whether the hook runs inside git's push quarantine (git 2.13 and later). */
    boolean inQuarantine() {
        return quarantine != null;
    }

    /** The objects the push brought, by type (only inside the quarantine). */
    NewObjects newObjects() throws LeakgateException {
        readable();
        return brought == null ? new NewObjects(Set.of(), Set.of()) : brought;
    }

    /** The commits the push brought, each with the files it introduces (only inside the quarantine). */
    List<LoggedCommit> newCommits() throws LeakgateException {
        readable();
        return quarantineLog == null ? List.of() : RawLog.commits(quarantineLog.finish());
    }

    /** The commits and blobs a push brought. */
    record NewObjects(Set<String> commits, Set<String> blobs) {
    }

    @Override
    public void close() {
        try {
            join(starter);
            join(lister);
        } catch (LeakgateException e) {
            // closing anyway
        }
        if (objects != null) {
            objects.close();
        }
        for (GitProcess.Running p : new GitProcess.Running[] {where, settings, quarantineLog, earlyRun}) {
            if (p != null) {
                p.kill();
            }
        }
    }
}
