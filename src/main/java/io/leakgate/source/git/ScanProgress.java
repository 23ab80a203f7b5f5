package io.leakgate.source.git;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters a history scan advances as it goes, for a progress display to poll. The scan never
 * prints; whoever shows progress reads these from another thread.
 */
public final class ScanProgress {
    private volatile String phase = "starting";
    private volatile long total;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private final java.util.List<String> timings = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether phases are timed: the process CPU clock costs a cold JVM its management classes. */
    private final boolean timed;
    private long phaseStarted;
    private long phaseCpu;

    /** Counters only, for a progress bar; {@link #timings()} stays empty. */
    public ScanProgress() {
        this(false);
    }

    private ScanProgress(boolean timed) {
        this.timed = timed;
        if (timed) {
            phaseStarted = System.nanoTime();
            phaseCpu = cpu();
        }
    }

    /** Counters that also time each phase, wall and CPU, for {@code --verbose}. */
    public static ScanProgress timed() {
        return new ScanProgress(true);
    }

    void start(String name, long units) {
        finish();
        done.set(0);
        bytes.set(0);
        total = units;
        phase = name;
    }

    /** Records how long the current phase took. */
    void finish() {
        if (!timed) {
            return;
        }
        long now = System.nanoTime();
        long cpuNow = cpu();
        timings.add(String.format(java.util.Locale.ROOT, "%s: %.2f s, %.2f s of CPU (%d of %d, %.1f MiB)", phase,
                (now - phaseStarted) / 1e9, (cpuNow - phaseCpu) / 1e9, done.get(), total, bytes.get() / 1048576.0));
        phaseStarted = now;
        phaseCpu = cpuNow;
    }

    /** CPU time of the whole process so far (all threads, JIT and GC included), in ns; 0 if unknown. */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** One line per finished phase, for --verbose. */
    public java.util.List<String> timings() {
        return java.util.List.copyOf(timings);
    }

    void advance(long units, long byteCount) {
        done.addAndGet(units);
        if (byteCount != 0) {
            bytes.addAndGet(byteCount);
        }
    }

    /** What the scan is doing: "walking commits", "scanning blobs". */
    public String phase() {
        return phase;
    }

    /** Units (commits or blobs) in the current phase, 0 when not known yet. */
    public long total() {
        return total;
    }

    public long done() {
        return done.get();
    }

    /** Bytes read in the current phase. */
    public long bytes() {
        return bytes.get();
    }
}
