package io.leakgate.source;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs targets through detectors on several threads. Each worker owns one {@link Detector} and
 * one read buffer, reused across targets, so scanning a tree allocates little per file. Files
 * larger than one window, and streams, are scanned in overlapping windows, so no input has to
 * fit in memory.
 */
public final class TargetScanner {
    private static final Target END = new BytesTarget("", new byte[0]);
    /** Bytes a window adds; larger files are read in windows rather than whole. */
    private static final int WINDOW = 16 << 20;
    /** More than the widest context a rule reads around a keyword (a wide span and its lines). */
    private static final int OVERLAP = 64 << 10;

    private final RuleIndex index;
    private final int threads;
    private final long maxFileSize;
    private final ContentScan.Options options;
    private final int window;
    private final int overlap;

    /** Opening archives and decoding as {@link ContentScan.Options#defaults} does. */
    public TargetScanner(RuleIndex index, int threads, long maxFileSize) {
        this(index, threads, maxFileSize, ContentScan.Options.defaults(maxFileSize));
    }

    public TargetScanner(RuleIndex index, int threads, long maxFileSize, ContentScan.Options options) {
        this(index, threads, maxFileSize, options, WINDOW, OVERLAP);
    }

    /** With the window and overlap given, so tests can use small ones. */
    TargetScanner(RuleIndex index, int threads, long maxFileSize, ContentScan.Options options, int window, int overlap) {
        this.index = index;
        this.threads = Math.max(1, threads);
        this.maxFileSize = maxFileSize;
        this.options = options;
        this.window = window;
        this.overlap = overlap;
    }

    /** Something that emits targets, such as a directory walk. */
    public interface Producer<E extends Exception> {
        void produce(Consumer<Target> sink) throws E;
    }

    /** Scans every target the producer emits; findings come back sorted by path and position. */
    public <E extends Exception> ScanResult scan(Producer<E> producer) throws E {
        long started = System.nanoTime();
        BlockingQueue<Target> queue = new ArrayBlockingQueue<>(threads * 64);
        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Skipped> skipped = new ConcurrentLinkedQueue<>();
        AtomicLong targets = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        // an Error too (out of memory): a worker that dies silently would report a clean scan
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    work(queue, findings, skipped, targets, bytes);
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                    drain(queue);
                }
            }, "leakgate-scan-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        try {
            producer.produce(target -> put(queue, target));
        } finally {
            for (int i = 0; i < threads; i++) {
                put(queue, END);
            }
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!failures.isEmpty()) {
            Throwable f = failures.get(0);
            throw f instanceof RuntimeException r ? r : new IllegalStateException(f.toString(), f);
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(f -> f.rule().id()));
        List<Skipped> skippedSorted = new ArrayList<>(skipped);
        skippedSorted.sort(Comparator.comparing(Skipped::path));
        return new ScanResult(sorted, skippedSorted, targets.get(), bytes.get(), System.nanoTime() - started);
    }

    private void work(BlockingQueue<Target> queue, ConcurrentLinkedQueue<Finding> findings,
            ConcurrentLinkedQueue<Skipped> skipped, AtomicLong targets, AtomicLong bytes) {
        ContentScan scan = new ContentScan(new Detector(index), options);
        WindowedScan windows = new WindowedScan(scan, window, overlap);
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            Target target = take(queue);
            if (target == END) {
                return;
            }
            if (target instanceof SkippedTarget s) {
                skipped.add(s.skipped());
                continue;
            }
            // a size of 0 may be a file under /proc, which reports none but has content
            if (target instanceof Target.Streamed s && (s.size() <= 0 || s.size() > window)) {
                stream(s, windows, findings, skipped, targets, bytes);
                continue;
            }
            Target.Content content;
            try {
                content = target.read(buffer, maxFileSize);
            } catch (IOException e) {
                skipped.add(new Skipped(target.path(), Skipped.Reason.UNREADABLE, target.size(), e.getMessage()));
                continue;
            }
            if (content.tooLarge()) {
                skipped.add(new Skipped(target.path(), Skipped.Reason.TOO_LARGE, content.size(), null));
                continue;
            }
            if (content.bytes().length <= 16 * 1024 * 1024 && content.bytes() != buffer
                    && content.bytes().length > buffer.length && !(target instanceof BytesTarget)) {
                buffer = content.bytes();
            }
            ContentScan.Outcome outcome = scan.scan(content.bytes(), content.length(), target.path(), null);
            if (outcome.media() != null) {
                skipped.add(new Skipped(target.path(), Skipped.Reason.MEDIA, content.size(), outcome.media()));
                continue;
            }
            targets.incrementAndGet();
            bytes.addAndGet(content.length());
            findings.addAll(outcome.findings());
            skipped.addAll(outcome.skipped());
        }
    }

    private void stream(Target.Streamed target, WindowedScan windows, ConcurrentLinkedQueue<Finding> findings,
            ConcurrentLinkedQueue<Skipped> skipped, AtomicLong targets, AtomicLong bytes) {
        if (target.size() > maxFileSize) {
            skipped.add(new Skipped(target.path(), Skipped.Reason.TOO_LARGE, target.size(), null));
            return;
        }
        try (CappedStream in = new CappedStream(target.open(), maxFileSize)) {
            WindowedScan.Outcome outcome = windows.scan(in, target.path());
            if (outcome.media() != null) {
                skipped.add(new Skipped(target.path(), Skipped.Reason.MEDIA, in.count(), outcome.media()));
                return;
            }
            findings.addAll(outcome.findings());
            skipped.addAll(outcome.skipped());
            targets.incrementAndGet();
            bytes.addAndGet(in.count());
            if (in.exceeded()) {
                skipped.add(new Skipped(target.path(), Skipped.Reason.TOO_LARGE, -1,
                        "only the first " + in.count() + " bytes were scanned"));
            }
        } catch (IOException e) {
            skipped.add(new Skipped(target.path(), Skipped.Reason.UNREADABLE, target.size(), e.getMessage()));
        }
    }

    private static void put(BlockingQueue<Target> queue, Target t) {
        try {
            queue.put(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        }
    }

    private static Target take(BlockingQueue<Target> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
    }

    /** After a worker fails, keep consuming so the producer never blocks on a full queue. */
    private static void drain(BlockingQueue<Target> queue) {
        while (take(queue) != END) {
            // discard
        }
    }
}
