package io.leakgate.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import io.leakgate.rules.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and streams larger than a window are scanned in overlapping windows, with whole-file positions. */
class TargetScannerTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    static RuleIndex index;

    @TempDir
    Path dir;

    @BeforeAll
    static void rules() throws Exception {
        index = new RuleIndex(new ConfigLoader().loadDefault());
    }

    /** Lines of varying length (some with multi-byte characters) with a key every few lines. */
    static String text() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            s.append("x".repeat(i * 7 % 90)).append(i % 3 == 0 ? "\u00e9\u20ac " : " ");
            if (i % 5 == 0) {
                s.append("aws_access_key_id = ").append(KEY).append(" # ").append(i);
            }
            s.append(i % 11 == 0 ? "" : "\n");
        }
        return s.toString();
    }

    private static List<String> places(ScanResult r) {
        return r.findings().stream().map(f -> f.line() + ":" + f.column() + "-" + f.endLine() + ":" + f.endColumn()).toList();
    }

    private static ScanResult scan(TargetScanner scanner, Target target) {
        return scanner.scan(sink -> sink.accept(target));
    }

    @Test
    void aFileLargerThanTheWindowGivesTheFindingsOfAWholeScanAtTheSamePlaces() throws Exception {
        byte[] content = text().getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("big.env");
        Files.write(file, content);
        ScanResult whole = scan(new TargetScanner(index, 1, 1 << 20), new BytesTarget("big.env", content));
        assertThat(whole.findings()).hasSize(80);
        for (int window : new int[] {97, 256, 1000}) {
            TargetScanner small = new TargetScanner(index, 1, 1 << 20, ContentScan.Options.defaults(1 << 20), window, 80);
            ScanResult windowed = scan(small, new FileTarget(file, "big.env", content.length));
            assertThat(places(windowed)).as("window " + window).isEqualTo(places(whole));
            assertThat(windowed.bytes()).isEqualTo(content.length);
        }
    }

    @Test
    void aUtf16StreamLargerThanTheWindowIsTranscodedAndScannedInWindows() {
        String text = text();
        ScanResult whole = scan(new TargetScanner(index, 1, 1 << 20),
                new BytesTarget("-", text.getBytes(StandardCharsets.UTF_8)));
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        TargetScanner small = new TargetScanner(index, 1, 1 << 20, ContentScan.Options.defaults(1 << 20), 300, 80);
        ScanResult windowed = scan(small, new StreamTarget("-", () -> new ByteArrayInputStream(utf16)));
        assertThat(places(windowed)).isEqualTo(places(whole));
    }

    @Test
    void aStreamOverTheLimitIsScannedUpToItAndTheRestListed() {
        byte[] content = ("aws_access_key_id = " + KEY + "\n" + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
        ScanResult r = scan(new TargetScanner(index, 1, 1000, ContentScan.Options.defaults(1000), 97, 80),
                new StreamTarget("-", () -> new ByteArrayInputStream(content)));
        assertThat(r.findings()).extracting(Finding::line).containsExactly(1);
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.TOO_LARGE);
            assertThat(s.detail()).contains("first 1000 bytes");
        });
    }

    @Test
    void aFileOverTwoGibibytesIsListedAsTooLargeWithoutBeingRead() throws IOException {
        Path file = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength((2L << 30) + 4096);
        }
        long size = Files.size(file);
        // reading it whole would need an array longer than Java allows; a file target says so instead
        Target.Content content = new FileTarget(file, "sparse.bin", size).read(new byte[16], 3L << 30);
        assertThat(content.tooLarge()).isTrue();
        assertThat(content.size()).isEqualTo(size);
        ScanResult r = scan(new TargetScanner(index, 1, 1L << 30), new FileTarget(file, "sparse.bin", size));
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.TOO_LARGE);
            assertThat(s.size()).isEqualTo(size);
        });
    }

    @Test
    void aWorkerThatRunsOutOfMemoryFailsTheScanInsteadOfReportingItClean() {
        Target failing = new StreamTarget("boom", () -> {
            throw new OutOfMemoryError("simulated");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scan(new TargetScanner(index, 2, 1 << 20), failing))
                .hasMessageContaining("OutOfMemoryError");
    }
}
