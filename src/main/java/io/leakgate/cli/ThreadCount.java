package io.leakgate.cli;

import io.leakgate.LeakgateException;

/** The {@code --threads} value every scanning command resolves the same way. */
final class ThreadCount {
    private ThreadCount() {
    }

    /** The requested count, or the number of processors when none was given; at least 1. */
    static int resolve(Integer requested) throws LeakgateException {
        int n = requested != null ? requested : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new LeakgateException("--threads must be at least 1");
        }
        return n;
    }
}
