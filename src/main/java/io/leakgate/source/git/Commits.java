package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The commits of a scan in walk order: newest commit time first, streamed as the walk goes so
 * the introduction diff can start before the walk ends. A commit's index in this order is how
 * the rest of the scan names it; a larger index is an older commit.
 */
final class Commits {
    private static final int CHUNK = 64;

    final ObjectId[] ids;

    private Commits(List<ObjectId> ids) {
        this.ids = ids.toArray(new ObjectId[0]);
    }

    int size() {
        return ids.length;
    }

    /**
     * A run of consecutive commits with each one's tree and its parents' trees: all that the
     * introduction diff needs. A root commit (or a shallow boundary) has no parent trees.
     */
    record Chunk(int start, ObjectId[] trees, ObjectId[][] parentTrees) {
    }

    /** Something that takes chunks as the walk produces them. */
    interface ChunkSink {
        void accept(Chunk chunk) throws LeakgateException;
    }

    /**
     * Something that takes each commit while the walk still holds its raw content (for its
     * message), with the commit's index in walk order.
     */
    interface CommitSink {
        void accept(int index, RevCommit commit);
    }

    static Commits walk(Repository repo, ObjectReader reader, HistoryScope scope, ScanProgress progress,
            ChunkSink sink, CommitSink each) throws LeakgateException {
        List<ObjectId> ids = new ArrayList<>();
        ObjectId[] trees = new ObjectId[CHUNK];
        ObjectId[][] parents = new ObjectId[CHUNK][];
        int filled = 0;
        try (RevWalk walk = new RevWalk(reader)) {
            // Bodies are kept only until the commit is handed on below, then dropped: what the
            // walk holds at once is its queue, not the history.
            walk.setRetainBody(true);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            markStarts(repo, walk, scope);
            if (scope.since() != null) {
                walk.setRevFilter(CommitTimeRevFilter.after(scope.since()));
            }
            // next(), not the iterator: the iterator wraps a missing object in an unchecked exception
            RevCommit c;
            while ((c = walk.next()) != null) {
                ids.add(c.copy());
                if (c.getRawBuffer() == null) {
                    walk.parseBody(c);
                }
                each.accept(ids.size() - 1, c);
                c.disposeBody();
                trees[filled] = c.getTree().copy();
                RevCommit[] ps = c.getParents();
                ObjectId[] pt = new ObjectId[ps.length];
                for (int i = 0; i < ps.length; i++) {
                    if (ps[i].getTree() == null) {
                        walk.parseHeaders(ps[i]);
                    }
                    pt[i] = ps[i].getTree().copy();
                }
                parents[filled++] = pt;
                if (filled == CHUNK) {
                    sink.accept(new Chunk(ids.size() - filled, trees, parents));
                    trees = new ObjectId[CHUNK];
                    parents = new ObjectId[CHUNK][];
                    filled = 0;
                }
                progress.advance(1, 0);
            }
            if (filled > 0) {
                sink.accept(new Chunk(ids.size() - filled, Arrays.copyOf(trees, filled), Arrays.copyOf(parents, filled)));
            }
        } catch (MissingObjectException e) {
            throw new LeakgateException("the repository is incomplete or corrupt: object "
                    + e.getObjectId().name() + " is missing", e);
        } catch (IOException e) {
            throw new LeakgateException("cannot walk the history: " + e.getMessage(), e);
        }
        return new Commits(ids);
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
