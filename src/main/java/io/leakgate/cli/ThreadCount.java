package io.leakgate.cli;

import io.leakgate.LeakgateException;

/** The {@code --threads} value every scanning command resolves the same way. */
final class ThreadCount {
    /**
     * Scanning is bound by processors and the disk: past a few threads per processor more only
     * cost memory (a detector and buffers each), and tens of thousands exhaust it.
     */
    static final int MAX_PER_PROCESSOR = 4;

    private ThreadCount() {
    }

    /** The requested count, or the number of processors when none was given; at least 1, at most a few per processor. */
    static int resolve(Integer requested) throws LeakgateException {
        int processors = Runtime.getRuntime().availableProcessors();
        int n = requested != null ? requested : processors;
        if (n < 1) {
            throw new LeakgateException("--threads must be at least 1");
        }
        return Math.min(n, Math.max(8, MAX_PER_PROCESSOR * processors));
    }
}
