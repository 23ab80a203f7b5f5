package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Finds where each blob entered the history: diffs every commit's tree against each parent's
 * ({@link TreeDiff}: identical subtrees are skipped by id, so a commit costs what it changed, not
 * the size of its tree) and records a (path, blob) pair at a commit only when no parent has that blob at that
 * path. Commits are independent of one another, so they are diffed on several threads, each
 * with its own tree reader ({@link PackTrees}), while the walk is still producing them; the
 * per-thread results are merged keeping the oldest commit.
 */
final class Introductions {
    /**
     * Bytes each worker keeps of resolved trees, and again of parsed ones. Larger caches hit a
     * little more often but cost more in collections than the misses save: their entries live
     * long enough to be promoted, then die.
     */
    private static final long TREE_CACHE = 4L << 20;

    private Introductions() {
    }

    /**
     * Walks the commits of {@code scope} and diffs them as they come (trees read from
     * {@code packs} where they can be), handing each commit to {@code each} on the walking
     * thread; returns the commits walked.
     */
    static Commits find(Repository repo, List<PackFile> packs, HistoryScope scope, InternedPaths paths, int threads,
            ScanProgress progress, ObjectIdOwnerMap<BlobPlaces> into, Commits.CommitSink each) throws LeakgateException {
        progress.start("walking and diffing commits", 0);
        int n = Math.max(1, threads);
        BlockingQueue<Commits.Chunk> queue = new ArrayBlockingQueue<>(n * 64);
        List<ObjectIdOwnerMap<BlobPlaces>> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < n; t++) {
            ObjectIdOwnerMap<BlobPlaces> local = t == 0 ? into : new ObjectIdOwnerMap<>();
            results.add(local);
            Thread worker = new Thread(() -> {
                try (ObjectReader reader = repo.newObjectReader();
                        PackTrees trees = new PackTrees(packs, reader, TREE_CACHE)) {
                    TreeDiff differ = new TreeDiff(trees, paths, local, TREE_CACHE);
                    while (true) {
                        Commits.Chunk chunk = queue.take();
                        if (chunk == END) {
                            return;
                        }
                        if (!failures.isEmpty()) {
                            continue;
                        }
                        // oldest first within a chunk: a commit's parent tree is then the tree the
                        // previous diff just read and spliced, so it needs no parsing of its own
                        for (int i = chunk.trees().length - 1; i >= 0; i--) {
                            differ.diff(chunk.start() + i, chunk.trees()[i], chunk.parentTrees()[i]);
                        }
                    }
                } catch (Exception | OutOfMemoryError e) {
                    failures.add(e instanceof Exception ex ? ex : new IllegalStateException(e));
                    drain(queue);
                }
            }, "leakgate-diff-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        Commits commits;
        try (ObjectReader reader = repo.newObjectReader()) {
            commits = Commits.walk(repo, reader, scope, progress, chunk -> put(queue, chunk), each);
        } finally {
            for (int t = 0; t < n; t++) {
                put(queue, END);
            }
            for (Thread w : workers) {
                join(w);
            }
        }
        if (!failures.isEmpty()) {
            Exception e = failures.get(0);
            if (e instanceof MissingObjectException m) {
                throw new LeakgateException("the repository is incomplete or corrupt: tree "
                        + m.getObjectId().name() + " is missing", m);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new LeakgateException("cannot read the history: " + e.getMessage(), e);
        }
        for (int i = 1; i < results.size(); i++) {
            ObjectIdOwnerMap<BlobPlaces> other = results.get(i);
            // An entry can live in one map only: take them out of the other map before re-linking.
            List<BlobPlaces> entries = new ArrayList<>(other.size());
            other.forEach(entries::add);
            for (BlobPlaces b : entries) {
                BlobPlaces mine = into.get(b);
                if (mine == null) {
                    into.add(b);
                } else {
                    for (int k = 0; k < b.size(); k++) {
                        mine.add(b.path(k), b.commit(k));
                    }
                }
            }
        }
        return commits;
    }

    private static final Commits.Chunk END = new Commits.Chunk(-1, new ObjectId[0], new ObjectId[0][]);

    private static void put(BlockingQueue<Commits.Chunk> queue, Commits.Chunk chunk) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** After a failure, keep taking chunks so the walk never blocks on a full queue. */
    private static void drain(BlockingQueue<Commits.Chunk> queue) {
        try {
            while (queue.take() != END) {
                // discard
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
