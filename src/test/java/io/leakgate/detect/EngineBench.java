package io.leakgate.detect;

import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the detection engine's single-thread throughput over text files, next to the keyword
 * pass alone over the same bytes (the baseline it cannot beat). Run by {@code bench/engine.sh}.
 *
 * <p>Usage: {@code EngineBench [--config FILE] [--seconds N] FILE...}
 */
public final class EngineBench {
    private static final int CHUNK = 1 << 20;

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        double seconds = 10;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        RuleSet rules = config == null ? new ConfigLoader().loadDefault() : new ConfigLoader().load(config);
        RuleIndex index = new RuleIndex(rules);
        List<byte[]> chunks = load(files);
        long total = chunks.stream().mapToLong(c -> c.length).sum();
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB in %d chunks of <= 1 MiB; rules: %d from %s%n",
                files.size(), total / 1e6, chunks.size(), rules.rules().size(), rules.origin());

        Detector detector = new Detector(index);
        long[] hits = new long[1];
        Runnable keywordsOnly = () -> {
            for (byte[] c : chunks) {
                index.keywords.scan(c, 0, c.length, (k, s, e) -> hits[0]++);
            }
        };
        long[] findings = new long[1];
        Runnable engine = () -> {
            for (byte[] c : chunks) {
                findings[0] += detector.scan(c, c.length, "corpus.txt").size();
            }
        };
        double kw = measure("keyword pass only", keywordsOnly, total, seconds / 3);
        double full = measure("full engine", engine, total, seconds);
        System.out.printf(Locale.ROOT, "keyword hits per pass: %d (one per %d bytes); findings per pass: %d%n",
                hits[0] / Math.max(1, passes), total / Math.max(1, hits[0] / Math.max(1, passes)),
                findings[0] / Math.max(1, enginePasses));
        System.out.printf(Locale.ROOT, "engine / keyword-pass throughput ratio: %.2f%n", full / kw);
    }

    private static long passes;
    private static long enginePasses;

    private static double measure(String name, Runnable pass, long bytes, double seconds) {
        pass.run();
        pass.run();
        long start = System.nanoTime();
        long n = 0;
        long deadline = start + (long) (seconds * 1e9);
        do {
            pass.run();
            n++;
        } while (System.nanoTime() < deadline);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double mbps = bytes * n / elapsed / 1e6;
        if (name.startsWith("keyword")) {
            passes = n + 2;
        } else {
            enginePasses = n + 2;
        }
        System.out.printf(Locale.ROOT, "%-18s %8.1f MB/s  (%d passes in %.1f s)%n", name, mbps, n, elapsed);
        return mbps;
    }

    /** Splits files into chunks of about 1 MiB at line ends, as a scan of many files would see. */
    private static List<byte[]> load(List<Path> files) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        for (Path f : files) {
            byte[] all = Files.readAllBytes(f);
            int pos = 0;
            while (pos < all.length) {
                int end = Math.min(all.length, pos + CHUNK);
                while (end < all.length && all[end - 1] != '\n') {
                    end++;
                }
                byte[] c = new byte[end - pos];
                System.arraycopy(all, pos, c, 0, c.length);
                chunks.add(c);
                pos = end;
            }
        }
        return chunks;
    }
}
