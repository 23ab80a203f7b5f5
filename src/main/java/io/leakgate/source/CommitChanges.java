package io.leakgate.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Lists the commits a range brings (reachable from new tips, not from what is already there) and
 * the file versions each of them introduces. Identical subtrees are skipped by id, so the cost
 * follows the size of the change, not the size of the repository.
 */
public final class CommitChanges {
    private final ObjectReader reader;

    public CommitChanges(ObjectReader reader) {
        this.reader = reader;
    }

    /**
     * Commits reachable from {@code tips} and from none of {@code known}, oldest first.
     * Tips that are annotated tags are peeled; tips that peel to a tree or blob are ignored here.
     */
    public List<RevCommit> commits(RevWalk walk, Collection<ObjectId> tips, Collection<ObjectId> known)
            throws IOException {
        walk.reset();
        walk.sort(RevSort.TOPO, true);
        walk.sort(RevSort.REVERSE, true);
        boolean any = false;
        for (ObjectId tip : tips) {
            RevObject o = walk.peel(walk.parseAny(tip));
            if (o instanceof RevCommit c) {
                walk.markStart(c);
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        for (ObjectId id : known) {
            RevObject o;
            try {
                o = walk.peel(walk.parseAny(id));
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                continue;
            }
            if (o instanceof RevCommit c) {
                walk.markUninteresting(c);
            }
        }
        List<RevCommit> out = new ArrayList<>();
        for (RevCommit c : walk) {
            out.add(c);
        }
        return out;
    }

    /**
     * Commits reachable from {@code tips} that are new objects, oldest first: the walk stops at
     * the first commits that already existed. Inside git's push quarantine this is exactly what a
     * push brings, found without looking at any existing ref, so the cost follows the push, not
     * the number of refs or the length of the history.
     */
    public List<RevCommit> newCommits(RevWalk walk, Collection<ObjectId> tips, Predicate<ObjectId> isNew)
            throws IOException {
        List<ObjectId> starts = new ArrayList<>();
        for (ObjectId tip : tips) {
            RevObject o = walk.peel(walk.parseAny(tip));
            if (o instanceof RevCommit c && isNew.test(c)) {
                starts.add(c);
            }
        }
        if (starts.isEmpty()) {
            return List.of();
        }
        // Find the boundary: the old parents of new commits.
        java.util.Set<ObjectId> seen = new java.util.HashSet<>(starts);
        java.util.ArrayDeque<ObjectId> queue = new java.util.ArrayDeque<>(starts);
        List<ObjectId> boundary = new ArrayList<>();
        while (!queue.isEmpty()) {
            RevCommit c = walk.parseCommit(queue.poll());
            for (RevCommit p : c.getParents()) {
                if (!seen.add(p.copy())) {
                    continue;
                }
                if (isNew.test(p)) {
                    queue.add(p);
                } else {
                    boundary.add(p);
                }
            }
        }
        return commits(walk, starts, boundary);
    }

    /**
     * The regular files {@code commit} introduces: paths whose blob differs from the blob at that
     * path in every parent (a merge that keeps one side's version introduces nothing there).
     *
     * @param isNew which blobs to consider at all (for instance: only objects the push brought)
     */
    public List<Change> changes(RevWalk walk, RevCommit commit, String ref, Predicate<ObjectId> isNew)
            throws IOException {
        walk.parseHeaders(commit);
        RevCommit[] parents = commit.getParents();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            tw.addTree(commit.getTree());
            if (parents.length == 0) {
                tw.addTree(new EmptyTreeIterator());
            }
            for (RevCommit p : parents) {
                walk.parseHeaders(p);
                tw.addTree(p.getTree());
            }
            List<Change> out = new ArrayList<>();
            int trees = tw.getTreeCount();
            while (tw.next()) {
                if (!isFile(tw.getRawMode(0))) {
                    continue;
                }
                ObjectId blob = tw.getObjectId(0);
                List<ObjectId> before = new ArrayList<>();
                boolean differsFromAll = true;
                for (int i = 1; i < trees; i++) {
                    if (!isFile(tw.getRawMode(i))) {
                        continue;
                    }
                    ObjectId old = tw.getObjectId(i);
                    if (old.equals(blob)) {
                        differsFromAll = false;
                        break;
                    }
                    before.add(old);
                }
                if (differsFromAll && isNew.test(blob)) {
                    out.add(new Change(tw.getPathString(), blob, before, commit, ref));
                }
            }
            return out;
        }
    }

    private static boolean isFile(int rawMode) {
        int type = rawMode & FileMode.TYPE_MASK;
        return type == FileMode.TYPE_FILE || type == FileMode.TYPE_SYMLINK;
    }
}
