package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.hook.git.CatFile;
import io.leakgate.hook.git.FileChange;
import io.leakgate.hook.git.GitProcess;
import io.leakgate.hook.git.LoggedCommit;
import io.leakgate.hook.git.RawLog;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client-side gates: {@code pre-commit} scans what is staged against {@code HEAD} (or against
 * nothing, for a repository's first commit); {@code pre-push} scans the commits the remote does
 * not have yet, for every ref being pushed. Both keep only the secrets the change introduces.
 */
public final class ClientGate implements AutoCloseable {
    private final HookRepository repo;
    private final long maxFileSize;
    private List<io.leakgate.finding.Skipped> skipped = List.of();

    private ClientGate(HookRepository repo, long maxFileSize) {
        this.repo = repo;
        this.maxFileSize = maxFileSize;
    }

    /**
     * Opens the repository of a client hook: {@code cwd} and git's environment.
     *
     * @param staged whether {@link #staged} will be asked (pre-commit): git starts listing the
     *               staged changes at once, while the rules load
     */
    public static ClientGate open(Map<String, String> env, Path cwd, long maxFileSize, boolean staged) {
        return new ClientGate(HookRepository.open(env, cwd, true, staged ? stagedDiff() : null), maxFileSize);
    }

    /** Against HEAD, or against nothing when HEAD is unborn: git diff --cached does both. */
    private static String[] stagedDiff() {
        List<String> args = new ArrayList<>(List.of("diff", "--cached"));
        args.addAll(RawLog.DIFF_OPTIONS);
        return args.toArray(new String[0]);
    }

    /** The work tree's top directory. */
    public Path workTree() throws LeakgateException {
        return repo.workTree();
    }

    /** A git config value of the repository (the last one wins), or null. */
    public String config(String key) throws LeakgateException {
        return repo.config().get(key);
    }

    /** The commit {@code revision} names, or null when it names none. */
    public String resolve(String revision) throws LeakgateException {
        CatFile.GitObject o = repo.objects().read(revision + "^{commit}", 0);
        return o == null ? null : o.id();
    }

    /** Secrets the staged content introduces (git honours {@code GIT_INDEX_FILE}). */
    public List<Finding> staged(RuleIndex rules) throws LeakgateException {
        GitProcess.Running started = repo.early();
        byte[] diff = started != null ? started.finish() : repo.git().output(null, stagedDiff());
        List<Change> changes = new ArrayList<>();
        for (FileChange f : RawLog.changes(diff)) {
            changes.add(new Change(f.path(), f.blob(), f.before(), null, null));
        }
        return scan(rules, changes, List.of());
    }

    /**
     * Secrets in the commits a push sends: every {@code <local ref> <local sha> <remote ref>
     * <remote sha>} line, minus what the remote already has (its tracking refs and the remote sha).
     */
    public List<Finding> pushed(InputStream stdin, String remote, RuleIndex rules) throws LeakgateException {
        List<String[]> lines = HookLines.read(stdin, "<local ref> <local sha1> <remote ref> <remote sha1>", 4, 1, 3);
        List<PushedCommits.Tip> tips = new ArrayList<>();
        List<Change> direct = new ArrayList<>();
        List<String> args = RawLog.logCommand("--topo-order", "--reverse", "--ignore-missing");
        for (String[] l : lines) {
            String local = l[1];
            if (!local.equals(RefUpdate.ZERO)) {
                String commit = resolve(local);
                if (commit != null) {
                    tips.add(new PushedCommits.Tip(commit, l[2]));
                    args.add(commit);
                } else {
                    // A ref of a blob or a tree (git tag NAME <blob>) carries content without a commit.
                    CatFile.GitObject peeled = repo.objects().read(local + "^{}", 0);
                    if (peeled != null) {
                        direct.addAll(PushScope.content(repo, peeled, l[2]));
                    }
                }
            }
        }
        if (tips.isEmpty()) {
            return direct.isEmpty() ? List.of() : scan(rules, direct, List.of());
        }
        args.add("--not");
        for (String[] l : lines) {
            if (!RefUpdate.ZERO.equals(l[3])) {
                args.add(l[3]); // a remote sha this clone does not have is ignored (--ignore-missing)
            }
        }
        if (remote != null && !remote.isBlank()) {
            args.add("--remotes=" + remote);
        }
        List<LoggedCommit> commits = RawLog.commits(repo.git().output(null, args.toArray(String[]::new)));
        List<Change> changes = new ArrayList<>(PushedCommits.changes(commits, tips));
        changes.addAll(direct);
        return scan(rules, changes, commits);
    }

    /** What the last scan could not read (too large, missing): a client hook says so. */
    public List<io.leakgate.finding.Skipped> skipped() {
        return skipped;
    }

    /** Secrets the changes introduce, and those in the messages of {@code commits}. */
    private List<Finding> scan(RuleIndex rules, List<Change> changes, List<LoggedCommit> commits)
            throws LeakgateException {
        try {
            ChangeScanner scanner = new ChangeScanner(repo.objects(), rules, maxFileSize);
            List<Finding> found = new ArrayList<>(scanner.scan(changes, Long.MAX_VALUE).findings());
            for (LoggedCommit c : commits) {
                found.addAll(scanner.message(io.leakgate.finding.LocationKind.COMMIT_MESSAGE, c.id(), null));
            }
            skipped = scanner.skipped();
            return found;
        } catch (ChangeScanner.OutOfTime e) {
            throw new IllegalStateException("no deadline was set", e);
        }
    }

    @Override
    public void close() {
        repo.close();
    }
}
