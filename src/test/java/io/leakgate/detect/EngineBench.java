package io.leakgate.detect;

import io.leakgate.rules.ConfigLoader;
import io.leakgate.source.ContentScan;
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
 * <p>Usage: {@code EngineBench [--config FILE] [--seconds N] [--blobs] FILE...}. With
 * {@code --blobs} each FILE is the output of {@code git cat-file --batch} and every blob is scanned
 * as one buffer, as a history scan sees it, instead of cutting the text into 1 MiB chunks; a
 * path after the size ({@code --batch='%(objectname) %(objecttype) %(objectsize) %(rest)'} fed
 * with {@code git rev-list --objects} lines) is the path the blob is scanned as.
 */
public final class EngineBench {
    private static final int CHUNK = 1 << 20;

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        double seconds = 10;
        boolean blobs = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--blobs" -> blobs = true;
                default -> files.add(Path.of(args[i]));
            }
        }
        RuleSet rules = config == null ? new ConfigLoader().loadDefault() : new ConfigLoader().load(config);
        RuleIndex index = new RuleIndex(rules);
        List<Piece> chunks = blobs ? loadBlobs(files) : load(files);
        long total = chunks.stream().mapToLong(c -> c.bytes().length).sum();
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB in %d %s; rules: %d from %s%n",
                files.size(), total / 1e6, chunks.size(), blobs ? "blobs" : "chunks of <= 1 MiB",
                rules.rules().size(), rules.origin());

        Detector detector = new Detector(index);
        long[] hits = new long[1];
        Runnable keywordsOnly = () -> {
            for (Piece c : chunks) {
                index.keywords.scan(c.bytes(), 0, c.bytes().length, (k, s, e) -> hits[0]++);
            }
        };
        long[] findings = new long[1];
        Runnable engine = () -> {
            for (Piece c : chunks) {
                findings[0] += detector.scan(c.bytes(), c.bytes().length, c.path()).size();
            }
        };
        // the scan step every source feeds runs the decoders (base64, hex, percent) after the engine
        ContentScan step = new ContentScan(new Detector(index), ContentScan.Options.defaults(Long.MAX_VALUE));
        Runnable decoding = () -> {
            for (Piece c : chunks) {
                step.scanText(c.bytes(), c.bytes().length, c.path(), null);
            }
        };
        double kw = measure("keyword pass only", keywordsOnly, total, seconds / 3);
        double full = measure("full engine", engine, total, seconds);
        double decoded = measure("engine + decoders", decoding, total, seconds);
        System.out.printf(Locale.ROOT, "keyword hits per pass: %d (one per %d bytes); findings per pass: %d%n",
                hits[0] / Math.max(1, passes), total / Math.max(1, hits[0] / Math.max(1, passes)),
                findings[0] / Math.max(1, enginePasses));
        System.out.printf(Locale.ROOT, "engine / keyword-pass throughput ratio: %.2f%n", full / kw);
        System.out.printf(Locale.ROOT, "engine + decoders / engine throughput ratio: %.2f%n", decoded / full);
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
        } else if (name.startsWith("full")) {
            enginePasses = n + 2;
        }
        System.out.printf(Locale.ROOT, "%-18s %8.1f MB/s  (%d passes in %.1f s)%n", name, mbps, n, elapsed);
        return mbps;
    }

    /** The blobs of {@code git cat-file --batch} output: "ID blob SIZE\n", the bytes, "\n". */
    private static List<Piece> loadBlobs(List<Path> files) throws IOException {
        List<Piece> blobs = new ArrayList<>();
        for (Path f : files) {
            byte[] all = Files.readAllBytes(f);
            int pos = 0;
            while (pos < all.length) {
                int eol = pos;
                while (all[eol] != '\n') {
                    eol++;
                }
                String[] header = new String(all, pos, eol - pos, java.nio.charset.StandardCharsets.US_ASCII).split(" ");
                pos = eol + 1;
                if (header.length < 3) {
                    continue; // "ID missing"
                }
                int size = Integer.parseInt(header[2]);
                String path = header.length > 3 ? header[3] : "corpus.txt";
                blobs.add(new Piece(java.util.Arrays.copyOfRange(all, pos, pos + size), path));
                pos += size + 1;
            }
        }
        return blobs;
    }

    /** Splits files into chunks of about 1 MiB at line ends, as a scan of many files would see. */
    private static List<Piece> load(List<Path> files) throws IOException {
        List<Piece> chunks = new ArrayList<>();
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
                chunks.add(new Piece(c, "corpus.txt"));
                pos = end;
            }
        }
        return chunks;
    }

    /** One buffer to scan and the path it is scanned as. */
    private record Piece(byte[] bytes, String path) {
    }
}
