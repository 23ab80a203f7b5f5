package io.leakgate.source.git;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Skipped;
import io.leakgate.source.ContentScan;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads every blob once and scans it, on several threads, each with its own {@link Detector}.
 * Packed blobs are resolved pack by pack ({@link PackBlobs}); the rest (loose objects, missing
 * ones, anything a pack reader gave back) go through JGit, one {@link ObjectReader} per worker
 * (they are not thread safe), in runs of consecutive blobs in pack order.
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
    private final BlobMemory memory;
    /** Per path class, its signature: with the blob id, the key under which {@link #memory} keeps findings. */
    private final java.util.function.IntFunction<String> classSignature;

    final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Skipped> skipped = new ConcurrentLinkedQueue<>();
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong missing = new AtomicLong();
    private final ThreadLocal<ContentScan> scans;
    /**
     * Why the pack reader gave a blob back: for the report when JGit cannot read it either, and
     * to check by its id what JGit reads instead.
     */
    private final java.util.Map<BlobPlaces, String> damaged = new java.util.concurrent.ConcurrentHashMap<>();

    BlobScan(Repository repo, RuleIndex index, long maxFileSize, String[] paths, int[] pathClass,
            org.eclipse.jgit.lib.ObjectId[] commits, Set<String> allowlistedCommits, ScanProgress progress,
            ContentScan.Options options) {
        this(repo, index, maxFileSize, paths, pathClass, commits, allowlistedCommits, progress, options,
                BlobMemory.NONE, c -> "");
    }

    BlobScan(Repository repo, RuleIndex index, long maxFileSize, String[] paths, int[] pathClass,
            org.eclipse.jgit.lib.ObjectId[] commits, Set<String> allowlistedCommits, ScanProgress progress,
            ContentScan.Options options, BlobMemory memory, java.util.function.IntFunction<String> classSignature) {
        this.memory = memory;
        this.classSignature = classSignature;
        this.repo = repo;
        this.index = index;
        this.maxFileSize = maxFileSize;
        this.paths = paths;
        this.pathClass = pathClass;
        this.commits = commits;
        this.allowlistedCommits = allowlistedCommits;
        this.progress = progress;
        this.scans = ThreadLocal.withInitial(() -> new ContentScan(new Detector(index), options));
    }

    /** Reads the blobs object by object through JGit, in the given order. */
    void run(BlobPlaces[] blobs, int threads) throws LeakgateException {
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
            if (f instanceof java.io.UncheckedIOException u && u.getCause() instanceof CorruptPackException c) {
                throw new LeakgateException(c.getMessage(), c);
            }
            throw f instanceof RuntimeException r ? r : new IllegalStateException(f);
        }
    }

    private void work(ObjectReader reader, BlobPlaces[] blobs, AtomicInteger next) {
        ContentScan scan = scans.get();
        ObjectInserter.Formatter ids = new ObjectInserter.Formatter();
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int start = next.getAndAdd(CHUNK);
            if (start >= blobs.length) {
                return;
            }
            int end = Math.min(blobs.length, start + CHUNK);
            for (int i = start; i < end; i++) {
                BlobPlaces blob = blobs[i];
                ObjectLoader loader;
                long size;
                try {
                    loader = reader.open(blob, Constants.OBJ_BLOB);
                    size = loader.getSize();
                } catch (MissingObjectException e) {
                    String damage = damaged.get(blob);
                    if (damage != null) {
                        // JGit too gave up on the packed copy and found no other one
                        unreadable(blob, -1, new IOException("damaged in its pack: " + damage));
                        continue;
                    }
                    missing.incrementAndGet();
                    skipped.add(new Skipped(where(blob), Skipped.Reason.MISSING, -1, "blob " + blob.name()));
                    progress.advance(1, 0);
                    continue;
                } catch (CorruptPackException e) {
                    // a pack no git writes: the scan cannot vouch for this repository
                    throw new java.io.UncheckedIOException(e);
                } catch (IOException | RuntimeException e) {
                    unreadable(blob, -1, damage(blob, e));
                    continue;
                }
                if (size > maxFileSize) {
                    tooLarge(blob, size);
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
                    unreadable(blob, size, damage(blob, e));
                    continue;
                }
                String damage = damaged.get(blob);
                if (damage != null && !blob.equals(ids.idFor(Constants.OBJ_BLOB, data, 0, len))) {
                    // JGit read the copy our reader found damaged, and applies deltas more leniently
                    unreadable(blob, len, new IOException("damaged in its pack: " + damage));
                    continue;
                }
                accept(scan, blob, data, len);
                if (buffer.length > (1 << 24)) {
                    buffer = new byte[1 << 16];
                }
            }
        }
    }

    /** Reads the blobs of every pack file of {@code packs} with {@link PackBlobs}; returns those left for the object reader. */
    List<BlobPlaces> fromPacks(List<PackFile> packs, ObjectIdOwnerMap<BlobPlaces> blobs, int threads) {
        List<BlobPlaces> left = new ArrayList<>();
        ConcurrentLinkedQueue<BlobPlaces> fallbacks = new ConcurrentLinkedQueue<>();
        blobs.forEach(b -> b.order = 1);
        PackBlobs.Sink sink = new PackBlobs.Sink() {
            @Override
            public void blob(BlobPlaces blob, byte[] data, int length) {
                accept(scans.get(), blob, data, length);
            }

            @Override
            public void fallback(BlobPlaces blob, String reason) {
                fallbacks.add(blob);
                if (reason != null) {
                    damaged.put(blob, reason);
                }
            }
        };
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            for (PackFile pack : packs) {
                try {
                    PackBlobs.read(pack, blobs, pool, Math.max(maxFileSize, 64L << 20), sink);
                } catch (IOException e) {
                    // an unreadable pack: its blobs are read object by object
                }
            }
        } finally {
            pool.shutdown();
        }
        blobs.forEach(b -> {
            if (b.order != 0) {
                left.add(b);
            }
        });
        left.addAll(fallbacks);
        return left;
    }

    /** Scans one blob's content, or records why not. */
    void accept(ContentScan scan, BlobPlaces blob, byte[] data, int len) {
        if (len > maxFileSize) {
            tooLarge(blob, len);
            return;
        }
        if (scanPlaces(scan, blob, data, len)) {
            scanned.incrementAndGet();
            bytes.addAndGet(len);
            progress.advance(1, len);
        } else {
            progress.advance(1, 0);
        }
    }

    /** What to report for a blob JGit could not read: why our reader gave it back, if it did. */
    private Exception damage(BlobPlaces blob, Exception e) {
        String damage = damaged.get(blob);
        return damage == null ? e : new IOException("damaged in its pack: " + damage, e);
    }

    private void tooLarge(BlobPlaces blob, long size) {
        skipped.add(new Skipped(where(blob), Skipped.Reason.TOO_LARGE, size, "blob " + blob.name()));
        progress.advance(1, 0);
    }

    private void unreadable(BlobPlaces blob, long size, Exception e) {
        skipped.add(new Skipped(where(blob), Skipped.Reason.UNREADABLE, size, "blob " + blob.name() + ": " + e.getMessage()));
        progress.advance(1, 0);
    }

    private String where(BlobPlaces blob) {
        return paths[blob.path(blob.first())];
    }

    /**
     * Scans the blob once per path class it appears under, and once more per allowlisted commit;
     * false when it was skipped as media. What it could not scan inside (an archive's members
     * over a limit) is recorded once, under the first path.
     */
    private boolean scanPlaces(ContentScan scan, BlobPlaces blob, byte[] data, int len) {
        int places = blob.size();
        int[] classes = null;
        List<ContentScan.Outcome> results = null;
        List<List<Finding>> carriedBySlot = null;
        boolean first = true;
        for (int i = 0; i < places; i++) {
            int path = blob.path(i);
            int commit = blob.commit(i);
            ContentScan.Outcome found;
            List<Finding> carried;
            String commitName = allowlistedCommits.isEmpty() ? null : commits[commit].name();
            if (commitName != null && allowlistedCommits.contains(commitName)) {
                found = scan.scan(data, len, paths[path], commitName);
                carried = carry(found);
            } else if (places == 1) {
                found = scan.scan(data, len, paths[path], null);
                carried = remember(blob, pathClass[path], found);
            } else {
                if (classes == null) {
                    classes = new int[places];
                    results = new ArrayList<>();
                    carriedBySlot = new ArrayList<>();
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
                    ContentScan.Outcome outcome = scan.scan(data, len, paths[path], null);
                    results.add(outcome);
                    carriedBySlot.add(remember(blob, cls, outcome));
                }
                found = results.get(slot);
                carried = carriedBySlot.get(slot);
            }
            if (first) {
                first = false;
                if (found.media() != null) {
                    skipped.add(new Skipped(where(blob), Skipped.Reason.MEDIA, len, found.media()));
                    return false;
                }
                skipped.addAll(found.skipped());
            }
            for (Finding f : carried) {
                hits.add(new Hit(f, path, commit, member(f.path())));
            }
        }
        return true;
    }

    /**
     * Hands what one blob held under one path class to the memory, when it was scanned in full
     * (media counts: it is skipped the same way next time); returns the findings to carry on.
     */
    private List<Finding> remember(BlobPlaces blob, int cls, ContentScan.Outcome found) {
        if (memory == BlobMemory.NONE) {
            return found.findings();
        }
        if (!found.skipped().isEmpty()) {
            return carry(found);
        }
        return memory.remember(blob.name() + ':' + classSignature.apply(cls), found.findings());
    }

    private List<Finding> carry(ContentScan.Outcome found) {
        if (memory == BlobMemory.NONE) {
            return found.findings();
        }
        List<Finding> out = new ArrayList<>(found.findings().size());
        for (Finding f : found.findings()) {
            out.add(memory.carried(f));
        }
        return out;
    }

    /** The part of a finding's path after the blob's own: {@code !/x/app.properties} inside an archive, else "". */
    private static String member(String findingPath) {
        int at = findingPath.indexOf(io.leakgate.finding.Location.MEMBER_SEPARATOR);
        return at < 0 ? "" : findingPath.substring(at);
    }
}
