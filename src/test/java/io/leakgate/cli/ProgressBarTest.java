package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
    @TempDir
    Path dir;

    @Test
    void aFileScanCountsEveryFileAndItsBytesForTheProgressDisplay() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "x".repeat(1000));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.txt"), "y".repeat(2 << 20));
        ScanInputs inputs = new ScanInputs();
        inputs.given = List.of(dir.toString());
        inputs.maxFileSize = 25L << 20;
        FileProgress progress = new FileProgress();
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        inputs.scan(false, new Terminal(java.io.InputStream.nullInputStream(), discard, discard, java.util.Map.of(),
                null, () -> false), progress);
        assertThat(progress.done()).isEqualTo(2);
        assertThat(progress.bytes()).isEqualTo(1000 + (2 << 20));
        assertThat(ProgressBar.line(progress, 1.0)).isEqualTo("scanning files 2 · 2.0 MiB · 2.0 MiB/s");
    }

    @Test
    void aBarWithAKnownTotalShowsHowFarAndAnEstimate() {
        ProgressBar.Counters half = new ProgressBar.Counters() {
            @Override
            public String phase() {
                return "scanning blobs";
            }

            @Override
            public long total() {
                return 10;
            }

            @Override
            public long done() {
                return 5;
            }

            @Override
            public long bytes() {
                return 0;
            }
        };
        assertThat(ProgressBar.line(half, 2.0)).isEqualTo("scanning blobs [============            ] 5/10 · ETA 2 s");
    }

    @Test
    void scanTakesQuietLikeGit() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Cli.Run run = Cli.run(dir, "scan", "--quiet", ".");
        assertThat(run.exit()).as(run.err()).isZero();
    }
}
