package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Finding;
import io.leakgate.detect.RuleIndex;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.Change;
import io.leakgate.source.ChangeScanner;
import io.leakgate.source.CommitChanges;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The client-side gates: {@code pre-commit} scans what is staged against {@code HEAD} (or against
 * nothing, for a repository's first commit); {@code pre-push} scans the commits the remote does
 * not have yet, for every ref being pushed. Both keep only the secrets the change introduces.
 */
public final class ClientGate {
    private final Repository repo;
    private final RuleIndex index;
    private final long maxFileSize;

    public ClientGate(Repository repo, RuleSet rules, long maxFileSize) {
        this.repo = repo;
        this.index = new RuleIndex(rules);
        this.maxFileSize = maxFileSize;
    }

    /** Secrets the staged content introduces (honours {@code GIT_INDEX_FILE} via the repository). */
    public List<Finding> staged() throws IOException, LeakgateException {
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
            DirCache cache = repo.readDirCache();
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            tw.addTree(new DirCacheIterator(cache));
            ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
            if (head == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(head);
            }
            List<Change> changes = new ArrayList<>();
            while (tw.next()) {
                int mode = tw.getRawMode(0) & FileMode.TYPE_MASK;
                if (mode != FileMode.TYPE_FILE && mode != FileMode.TYPE_SYMLINK) {
                    continue;
                }
                DirCacheIterator entry = tw.getTree(0, DirCacheIterator.class);
                if (entry == null || entry.getDirCacheEntry().getStage() != 0) {
                    continue;
                }
                int oldMode = tw.getRawMode(1) & FileMode.TYPE_MASK;
                List<ObjectId> before = oldMode == FileMode.TYPE_FILE || oldMode == FileMode.TYPE_SYMLINK
                        ? List.of(tw.getObjectId(1)) : List.of();
                changes.add(new Change(tw.getPathString(), tw.getObjectId(0), before, null, null));
            }
            return scan(reader, changes);
        }
    }

    /**
     * Secrets in the commits a push sends: every {@code <local ref> <local sha> <remote ref>
     * <remote sha>} line, minus what the remote already has (its tracking refs and the remote sha).
     */
    public List<Finding> pushed(InputStream stdin, String remote) throws IOException, LeakgateException {
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                if (parts.length != 4 || !ObjectId.isId(parts[1]) || !ObjectId.isId(parts[3])) {
                    throw new LeakgateException("standard input line " + n + ": expected "
                            + "'<local ref> <local sha1> <remote ref> <remote sha1>', got '"
                            + RefUpdate.abbreviate(line) + "'");
                }
                lines.add(parts);
            }
        }
        Set<ObjectId> known = new HashSet<>();
        if (remote != null && !remote.isBlank()) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES + remote + "/")) {
                if (ref.getObjectId() != null) {
                    known.add(ref.getObjectId());
                }
            }
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            CommitChanges commits = new CommitChanges(reader);
            for (String[] l : lines) {
                ObjectId remoteSha = ObjectId.fromString(l[3]);
                if (!remoteSha.equals(ObjectId.zeroId()) && reader.has(remoteSha)) {
                    known.add(remoteSha);
                }
            }
            List<Change> changes = new ArrayList<>();
            for (String[] l : lines) {
                ObjectId local = ObjectId.fromString(l[1]);
                if (local.equals(ObjectId.zeroId())) {
                    continue;
                }
                for (RevCommit c : commits.commits(walk, List.of(local), known)) {
                    changes.addAll(commits.changes(walk, c, l[2], id -> true));
                }
                known.add(local);
            }
            return scan(reader, changes);
        }
    }

    private List<Finding> scan(ObjectReader reader, List<Change> changes) throws IOException {
        try {
            return new ChangeScanner(reader, index, maxFileSize).scan(changes, Long.MAX_VALUE).findings();
        } catch (ChangeScanner.OutOfTime e) {
            throw new IllegalStateException("no deadline was set", e);
        }
    }
}
