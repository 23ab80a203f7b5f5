package io.leakgate.cli;

import io.leakgate.source.Target;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Progress of a file scan for the progress display: files and bytes handed to the scanning
 * threads. Their queue is short, so what is handed over is within a few dozen files of what is done.
 */
final class FileProgress implements ProgressBar.Counters {
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** {@code sink}, counting each target (and its size, when known) on the way. */
    Consumer<Target> counting(Consumer<Target> sink) {
        return target -> {
            files.incrementAndGet();
            long size = target.size();
            if (size > 0) {
                bytes.addAndGet(size);
            }
            sink.accept(target);
        };
    }

    @Override
    public String phase() {
        return "scanning files";
    }

    @Override
    public long total() {
        return 0;
    }

    @Override
    public long done() {
        return files.get();
    }

    @Override
    public long bytes() {
        return bytes.get();
    }
}
