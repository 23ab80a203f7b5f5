package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Finds where each blob entered the history: diffs every commit's tree against each parent's
 * ({@link TreeDiff}: identical subtrees are skipped by id, so a commit costs what it changed, not
 * the size of its tree) and records a (path, blob) pair at a commit only when no parent has that blob at that
 * path. Commits are independent of one another, so they are diffed on several threads, each
 * with its own reader, and the per-thread results merged keeping the earliest commit.
 */
final class Introductions {
    private static final int CHUNK = 64;

    private Introductions() {
    }

    static ObjectIdOwnerMap<BlobPlaces> find(Repository repo, Commits commits, Paths paths, int threads,
            ScanProgress progress) throws LeakgateException {
        progress.start("diffing commits", commits.size());
        AtomicInteger next = new AtomicInteger();
        List<ObjectIdOwnerMap<BlobPlaces>> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        int n = Math.max(1, Math.min(threads, commits.size() / CHUNK + 1));
        for (int t = 0; t < n; t++) {
            ObjectIdOwnerMap<BlobPlaces> local = new ObjectIdOwnerMap<>();
            results.add(local);
            Thread worker = new Thread(() -> {
                try (ObjectReader reader = repo.newObjectReader()) {
                    diff(reader, commits, paths, next, local, progress);
                } catch (Exception | OutOfMemoryError e) {
                    failures.add(e instanceof Exception ex ? ex : new IllegalStateException(e));
                    next.set(Integer.MAX_VALUE / 2);
                }
            }, "leakgate-diff-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread w : workers) {
            join(w);
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
        ObjectIdOwnerMap<BlobPlaces> merged = results.get(0);
        for (int i = 1; i < results.size(); i++) {
            ObjectIdOwnerMap<BlobPlaces> other = results.get(i);
            // An entry can live in one map only: take them out of the other map before re-linking.
            List<BlobPlaces> entries = new ArrayList<>(other.size());
            other.forEach(entries::add);
            for (BlobPlaces b : entries) {
                BlobPlaces mine = merged.get(b);
                if (mine == null) {
                    merged.add(b);
                } else {
                    for (int k = 0; k < b.size(); k++) {
                        mine.add(b.path(k), b.commit(k));
                    }
                }
            }
        }
        return merged;
    }

    private static void diff(ObjectReader reader, Commits commits, Paths paths, AtomicInteger next,
            ObjectIdOwnerMap<BlobPlaces> out, ScanProgress progress) throws IOException {
        TreeDiff differ = new TreeDiff(reader, paths, out, 32L << 20);
        int total = commits.size();
        while (true) {
            int start = next.getAndAdd(CHUNK);
            if (start >= total) {
                return;
            }
            int end = Math.min(total, start + CHUNK);
            for (int c = start; c < end; c++) {
                differ.diff(c, commits.trees[c], commits.parentTrees[c]);
            }
            progress.advance(end - start, 0);
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
