package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;

/**
 * The commits of a scan in walk order, oldest first (parents before children), with each one's
 * tree and its parents' trees: everything the introduction diff needs, without commit bodies.
 * A commit's index in this order is how the rest of the scan names it.
 */
final class Commits {
    final ObjectId[] ids;
    final ObjectId[] trees;
    /** Trees of each commit's parents; empty for a root (or a shallow boundary). */
    final ObjectId[][] parentTrees;

    private Commits(List<ObjectId> ids, List<ObjectId> trees, List<ObjectId[]> parentTrees) {
        this.ids = ids.toArray(new ObjectId[0]);
        this.trees = trees.toArray(new ObjectId[0]);
        this.parentTrees = parentTrees.toArray(new ObjectId[0][]);
    }

    int size() {
        return ids.length;
    }

    static Commits walk(Repository repo, ObjectReader reader, HistoryScope scope, ScanProgress progress)
            throws LeakgateException {
        List<ObjectId> ids = new ArrayList<>();
        List<ObjectId> trees = new ArrayList<>();
        List<ObjectId[]> parents = new ArrayList<>();
        progress.start("walking commits", 0);
        try (RevWalk walk = new RevWalk(reader)) {
            walk.setRetainBody(false);
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            walk.sort(RevSort.REVERSE, true);
            markStarts(repo, walk, scope);
            if (scope.since() != null) {
                walk.setRevFilter(CommitTimeRevFilter.after(scope.since()));
            }
            for (RevCommit c : walk) {
                ids.add(c.copy());
                trees.add(c.getTree().copy());
                RevCommit[] ps = c.getParents();
                ObjectId[] pt = new ObjectId[ps.length];
                for (int i = 0; i < ps.length; i++) {
                    if (ps[i].getTree() == null) {
                        walk.parseHeaders(ps[i]);
                    }
                    pt[i] = ps[i].getTree().copy();
                }
                parents.add(pt);
                progress.advance(1, 0);
            }
        } catch (MissingObjectException e) {
            throw new LeakgateException("the repository is incomplete or corrupt: " + e.getObjectId().name()
                    + " (" + typeName(e) + ") is missing", e);
        } catch (IOException e) {
            throw new LeakgateException("cannot walk the history: " + e.getMessage(), e);
        }
        return new Commits(ids, trees, parents);
    }

    private static String typeName(MissingObjectException e) {
        String m = e.getMessage();
        return m == null ? "object" : m;
    }

    private static void markStarts(Repository repo, RevWalk walk, HistoryScope scope)
            throws IOException, LeakgateException {
        if (scope.range() != null) {
            String range = scope.range();
            int dots = range.indexOf("..");
            if (dots >= 0 && !range.contains("...")) {
                String from = range.substring(0, dots);
                String to = range.substring(dots + 2);
                walk.markStart(commit(repo, walk, to.isEmpty() ? Constants.HEAD : to));
                walk.markUninteresting(commit(repo, walk, from.isEmpty() ? Constants.HEAD : from));
            } else if (range.contains("...")) {
                throw new LeakgateException("range '" + range + "': symmetric ranges (A...B) are not supported; use A..B");
            } else {
                walk.markStart(commit(repo, walk, range));
            }
        }
        if (scope.branch() != null) {
            String b = scope.branch();
            String full = repo.exactRef(Constants.R_HEADS + b) != null ? Constants.R_HEADS + b : b;
            walk.markStart(commit(repo, walk, full));
        }
        if (scope.range() == null && scope.branch() == null) {
            Collection<Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefs());
            Ref head = repo.exactRef(Constants.HEAD);
            if (head != null) {
                refs.add(head);
            }
            for (Ref ref : refs) {
                ObjectId id = ref.getObjectId();
                if (id == null) {
                    continue;
                }
                RevObject o = walk.peel(walk.parseAny(id));
                if (o instanceof RevCommit c) {
                    walk.markStart(c);
                }
            }
        }
    }

    private static RevCommit commit(Repository repo, RevWalk walk, String rev) throws IOException, LeakgateException {
        ObjectId id;
        try {
            id = repo.resolve(rev);
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new LeakgateException("'" + rev + "' is not a valid revision", e);
        }
        if (id == null) {
            throw new LeakgateException("unknown revision '" + rev + "'");
        }
        try {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException e) {
            throw new LeakgateException("'" + rev + "' does not name a commit", e);
        }
    }
}
