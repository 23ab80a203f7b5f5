package io.leakgate.source.git;

import io.leakgate.detect.ContentKind;
import io.leakgate.detect.Detector;
import io.leakgate.detect.Finding;
import io.leakgate.detect.RuleIndex;
import io.leakgate.detect.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads every blob once and scans it, on several threads. Each worker owns an
 * {@link ObjectReader} (they are not thread safe) and a {@link Detector}, and takes runs of
 * consecutive blobs in pack order so its reads stay sequential and its delta-base cache warm.
 */
final class BlobScan {
    private static final int CHUNK = 256;

    private final Repository repo;
    private final RuleIndex index;
    private final long maxFileSize;
    private final String[] paths;
    private final int[] pathClass;
    private final org.eclipse.jgit.lib.ObjectId[] commits;
    /** Commits named by commit allowlists: places at these commits are scanned with the commit. */
    private final Set<String> allowlistedCommits;
    private final ScanProgress progress;

    final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Skipped> skipped = new ConcurrentLinkedQueue<>();
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong missing = new AtomicLong();

    BlobScan(Repository repo, RuleIndex index, long maxFileSize, String[] paths, int[] pathClass,
            org.eclipse.jgit.lib.ObjectId[] commits, Set<String> allowlistedCommits, ScanProgress progress) {
        this.repo = repo;
        this.index = index;
        this.maxFileSize = maxFileSize;
        this.paths = paths;
        this.pathClass = pathClass;
        this.commits = commits;
        this.allowlistedCommits = allowlistedCommits;
        this.progress = progress;
    }

    void run(BlobPlaces[] blobs, int threads) {
        progress.start("scanning blobs", blobs.length);
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        int n = Math.max(1, Math.min(threads, blobs.length / 16 + 1));
        for (int t = 0; t < n; t++) {
            Thread w = new Thread(() -> {
                try (ObjectReader reader = repo.newObjectReader()) {
                    work(reader, blobs, next);
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                    next.set(Integer.MAX_VALUE / 2);
                }
            }, "leakgate-blob-" + t);
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!failures.isEmpty()) {
            Throwable f = failures.get(0);
            throw f instanceof RuntimeException r ? r : new IllegalStateException(f);
        }
    }

    private void work(ObjectReader reader, BlobPlaces[] blobs, AtomicInteger next) {
        Detector detector = new Detector(index);
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int start = next.getAndAdd(CHUNK);
            if (start >= blobs.length) {
                return;
            }
            int end = Math.min(blobs.length, start + CHUNK);
            long chunkBytes = 0;
            for (int i = start; i < end; i++) {
                BlobPlaces blob = blobs[i];
                String where = paths[blob.path(blob.first())];
                ObjectLoader loader;
                long size;
                try {
                    loader = reader.open(blob, Constants.OBJ_BLOB);
                    size = loader.getSize();
                } catch (MissingObjectException e) {
                    missing.incrementAndGet();
                    skipped.add(new Skipped(where, Skipped.Reason.MISSING, -1, "blob " + blob.name()));
                    continue;
                } catch (IOException | RuntimeException e) {
                    skipped.add(new Skipped(where, Skipped.Reason.UNREADABLE, -1,
                            "blob " + blob.name() + ": " + e.getMessage()));
                    continue;
                }
                if (size > maxFileSize) {
                    skipped.add(new Skipped(where, Skipped.Reason.TOO_LARGE, size, "blob " + blob.name()));
                    continue;
                }
                byte[] data;
                int len = (int) size;
                try {
                    if (!loader.isLarge()) {
                        data = loader.getCachedBytes();
                        len = data.length;
                    } else {
                        if (buffer.length < len) {
                            buffer = new byte[len];
                        }
                        data = buffer;
                        try (InputStream in = loader.openStream()) {
                            len = in.readNBytes(data, 0, len);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    skipped.add(new Skipped(where, Skipped.Reason.UNREADABLE, size,
                            "blob " + blob.name() + ": " + e.getMessage()));
                    continue;
                }
                String media = ContentKind.mediaFormat(data, len);
                if (media != null) {
                    skipped.add(new Skipped(where, Skipped.Reason.MEDIA, size, media));
                    continue;
                }
                scanned.incrementAndGet();
                chunkBytes += len;
                scanPlaces(detector, blob, data, len);
                if (buffer.length > (1 << 24)) {
                    buffer = new byte[1 << 16];
                }
            }
            bytes.addAndGet(chunkBytes);
            progress.advance(end - start, chunkBytes);
        }
    }

    /** Scans the blob once per path class it appears under, and once more per allowlisted commit. */
    private void scanPlaces(Detector detector, BlobPlaces blob, byte[] data, int len) {
        int places = blob.size();
        int[] classes = null;
        List<List<Finding>> results = null;
        for (int i = 0; i < places; i++) {
            int path = blob.path(i);
            int commit = blob.commit(i);
            List<Finding> found;
            String commitName = allowlistedCommits.isEmpty() ? null : commits[commit].name();
            if (commitName != null && allowlistedCommits.contains(commitName)) {
                found = detector.scan(data, len, paths[path], commitName);
            } else if (places == 1) {
                found = detector.scan(data, len, paths[path]);
            } else {
                if (classes == null) {
                    classes = new int[places];
                    results = new ArrayList<>();
                }
                int cls = pathClass[path];
                int slot = -1;
                for (int k = 0; k < results.size(); k++) {
                    if (classes[k] == cls) {
                        slot = k;
                        break;
                    }
                }
                if (slot < 0) {
                    slot = results.size();
                    classes[slot] = cls;
                    results.add(detector.scan(data, len, paths[path]));
                }
                found = results.get(slot);
            }
            for (Finding f : found) {
                hits.add(new Hit(f, path, commit));
            }
        }
    }
}
