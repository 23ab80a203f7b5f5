package io.leakgate.source.image;

/**
 * Bounds the bytes of layer files read but not yet picked up by a scanning thread, so a fast
 * producer cannot queue gigabytes. The producer waits when the budget is spent; a scanning
 * thread gives bytes back when it takes a file. Waiting is bounded: should no thread take the
 * queued files for a long time (a scanning thread failed), the producer stops waiting for good
 * rather than hang.
 */
final class InFlight {
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    private final long capacity;
    private long used;
    private boolean gaveUp;

    InFlight(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code n} bytes (at most the whole capacity); returns what was taken. */
    synchronized long acquire(long n) {
        long want = Math.min(n, capacity);
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!gaveUp && used + want > capacity) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                gaveUp = true;
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        used += want;
        return want;
    }

    synchronized void release(long n) {
        used -= n;
        notifyAll();
    }
}
