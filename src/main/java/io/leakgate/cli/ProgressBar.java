package io.leakgate.cli;

import io.leakgate.source.git.ScanProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on a terminal's stderr: phase, a bar, units and bytes done, rate
 * and ETA. Redrawn a few times a second from its own thread; erased when the scan ends.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;

    /** What a bar shows, read from the bar's thread while a scan advances it. */
    interface Counters {
        /** What the scan is doing: "scanning files", "walking commits". */
        String phase();

        /** Units in the current phase, 0 when not known. */
        long total();

        long done();

        long bytes();
    }

    private final Counters progress;
    private final PrintStream err;
    private final Thread painter;
    private volatile boolean running = true;
    private String phase;
    private long phaseStarted;

    private ProgressBar(Counters progress, PrintStream err) {
        this.progress = progress;
        this.err = err;
        this.phase = progress.phase();
        this.phaseStarted = System.nanoTime();
        this.painter = new Thread(this::paintLoop, "leakgate-progress");
        painter.setDaemon(true);
    }

    /** Starts a bar when stderr is a terminal and not {@code quiet}; otherwise one that shows nothing. */
    static ProgressBar start(ScanProgress progress, Terminal terminal, boolean quiet) {
        return start(new Counters() {
            @Override
            public String phase() {
                return progress.phase();
            }

            @Override
            public long total() {
                return progress.total();
            }

            @Override
            public long done() {
                return progress.done();
            }

            @Override
            public long bytes() {
                return progress.bytes();
            }
        }, terminal, quiet);
    }

    /** Starts a bar when stderr is a terminal and not {@code quiet}; otherwise one that shows nothing. */
    static ProgressBar start(Counters progress, Terminal terminal, boolean quiet) {
        ProgressBar bar = new ProgressBar(progress, terminal.err());
        if (!quiet && terminal.console().getAsBoolean() && !"dumb".equals(terminal.env().get("TERM"))) {
            bar.painter.start();
        }
        return bar;
    }

    private void paintLoop() {
        try {
            Thread.sleep(300);
            while (running) {
                paint();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void paint() {
        String p = progress.phase();
        long now = System.nanoTime();
        if (!p.equals(phase)) {
            phase = p;
            phaseStarted = now;
        }
        String line = "\r\u001b[K" + line(progress, Math.max(1e-3, (now - phaseStarted) / 1e9));
        synchronized (err) {
            err.print(line);
            err.flush();
        }
    }

    /** The bar's text: phase, a bar when the total is known, counts, bytes, rate and ETA. */
    static String line(Counters progress, double seconds) {
        String p = progress.phase();
        long total = progress.total();
        long done = progress.done();
        long bytes = progress.bytes();
        StringBuilder line = new StringBuilder(p).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            line.append('[').append("=".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(done).append('/').append(total);
        } else {
            line.append(done);
        }
        if (bytes > 0) {
            line.append(String.format(Locale.ROOT, " · %.1f MiB · %.1f MiB/s", bytes / 1048576.0,
                    bytes / 1048576.0 / seconds));
        }
        if (total > 0 && done > 0 && done < total) {
            long eta = Math.round(seconds * (total - done) / done);
            line.append(" · ETA ").append(eta).append(" s");
        }
        return line.toString();
    }

    @Override
    public void close() {
        running = false;
        if (painter.isAlive()) {
            painter.interrupt();
            try {
                painter.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
