package io.leakgate.source.image;

import static io.leakgate.source.image.ImageSourceTest.AWS_KEY;
import static io.leakgate.source.image.ImageSourceTest.LIMITS;
import static io.leakgate.source.image.ImageSourceTest.describe;
import static io.leakgate.source.image.ImageSourceTest.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Archives written to hurt: every one ends in a finding, a skipped entry or a clear error. */
@Timeout(60)
class HostileImageTest {
    @TempDir
    Path dir;

    private static String layerId(TestImage.Layer l) {
        return TestImage.sha256(l.tarBytes()).substring(0, 12);
    }

    @Test
    void traversalAbsoluteAndControlCharacterNamesAreShownInsideTheLayer() throws Exception {
        TestImage.Layer layer = new TestImage.Layer()
                .file("../../etc/cron.d/backup", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n")
                .file("/srv/app/./../app/.env", "AWS_ACCESS_KEY_ID=ASIAHBMUAPTT2ZN5X2PD\n")
                .file("tmp/\u001b[2Jclear.env", "AWS_ACCESS_KEY_ID=ABIAQXRYONJ3DYBVZXG2\n");
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(layer).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        String id = layerId(layer);
        assertThat(r.findings()).extracting(Finding::path).containsExactlyInAnyOrder(
                id + ":/etc/cron.d/backup", id + ":/srv/app/.env", id + ":/tmp/?[2Jclear.env");
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    }

    @Test
    void symbolicLinksInLayersAreNeverFollowedEvenInLoops() throws Exception {
        TestImage.Layer layer = new TestImage.Layer()
                .file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n")
                .symlink("app/config.env", "/etc/app.env")
                .symlink("loop/a", "b")
                .symlink("loop/b", "a")
                .symlink("escape", "../../../../root/.ssh/id_rsa");
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(layer).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).extracting(Finding::path).containsExactly(layerId(layer) + ":/etc/app.env");
    }

    @Test
    void layerLinkedInALoopInsideTheArchiveIsSkippedAsMissing() throws Exception {
        Path archive = dir.resolve("loop.tar");
        TestImage image = new TestImage().layer(new TestImage.Layer().file("a.txt", "x"));
        byte[] config = image.config();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", config);
            link(tar, "one/layer.tar", "../two/layer.tar");
            link(tar, "two/layer.tar", "../one/layer.tar");
            TestImage.put(tar, "manifest.json",
                    "[{\"Config\":\"config.json\",\"RepoTags\":[\"loop:1\"],\"Layers\":[\"one/layer.tar\"]}]"
                            .getBytes(StandardCharsets.UTF_8));
        }

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.skipped()).anySatisfy(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.MISSING);
            assertThat(s.detail()).contains("not in the archive");
        });
    }

    @Test
    void gzipBombLayerIsStoppedByItsRatioAndLaterLayersAreStillScanned() throws Exception {
        TestImage.Layer bomb = new TestImage.Layer().file("var/zeros", new byte[16 << 20]).gzip();
        TestImage.Layer next = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n").gzip();
        Path archive = dir.resolve("bomb.tar");
        new TestImage().layer(bomb).layer(next).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.skipped()).as(describe(r)).anySatisfy(s -> {
            assertThat(s.path()).startsWith(layerId(bomb) + ": layer 1/2");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.LIMIT);
            assertThat(s.detail()).contains("decompression bomb");
        });
        assertThat(r.findings()).extracting(Finding::path).containsExactly(layerId(next) + ":/etc/app.env");
    }

    @Test
    void imageWideUnpackedBudgetStopsReadingAndSaysWhichLayersWereLeftOut() throws Exception {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        TestImage.Layer a = new TestImage.Layer().file("a.bin", noise);
        TestImage.Layer b = new TestImage.Layer().file("b.bin", Arrays.copyOf(noise, 299_999));
        TestImage.Layer c = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        Path archive = dir.resolve("big.tar");
        new TestImage().layer(a).layer(b).layer(c).writeDockerSave(archive);

        ScanResult r = scan(archive, new ImageLimits(25 << 20, 400_000, 200, 2));

        assertThat(r.skipped()).extracting(Skipped::detail).anySatisfy(d -> assertThat(d).contains("--max-unpacked-size"));
        assertThat(r.skipped()).anySatisfy(s -> assertThat(s.path()).startsWith(layerId(c) + ": layer 3/3"));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void truncatedLayerKeepsWhatWasReadAndIsListedAsSkipped() throws Exception {
        TestImage.Layer full = new TestImage.Layer()
                .file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n")
                .file("var/big.log", "x".repeat(50_000));
        byte[] cut = Arrays.copyOf(full.tarBytes(), 20_000);
        Path archive = dir.resolve("cut.tar");
        TestImage image = new TestImage().layer(full);
        byte[] config = image.config();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", config);
            TestImage.put(tar, "l1/layer.tar", cut);
            TestImage.put(tar, "manifest.json",
                    "[{\"Config\":\"config.json\",\"RepoTags\":null,\"Layers\":[\"l1/layer.tar\"]}]"
                            .getBytes(StandardCharsets.UTF_8));
        }

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).extracting(Finding::path).containsExactly(layerId(full) + ":/etc/app.env");
        assertThat(r.findings().get(0).attributes().get("image")).startsWith("sha256:");
        assertThat(r.skipped()).anySatisfy(s -> {
            assertThat(s.reason()).isEqualTo(Skipped.Reason.UNREADABLE);
            assertThat(s.detail()).containsIgnoringCase("truncated");
        });
    }

    @Test
    void zipEntryDeclaringAHugeSizeIsSkippedWithoutInflatingIt() throws Exception {
        byte[] jar = TestImage.zip("zeros.bin", new byte[40 << 20], "app.properties",
                "aws_secret_access_key=" + ImageSourceTest.AWS_SECRET + "\n");
        TestImage.Layer layer = new TestImage.Layer().file("app/app.jar", jar);
        Path archive = dir.resolve("zip.tar");
        new TestImage().layer(layer).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.skipped()).anySatisfy(s -> {
            assertThat(s.path()).isEqualTo(layerId(layer) + ":/app/app.jar!/zeros.bin");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.TOO_LARGE);
        });
        assertThat(r.findings()).extracting(Finding::path).containsExactly(layerId(layer) + ":/app/app.jar!/app.properties");
    }

    @Test
    void archiveCutInTheMiddleIsAClearErrorOrASkippedLayer() throws Exception {
        TestImage.Layer layer = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n"
                + "x".repeat(30_000));
        Path whole = dir.resolve("whole.tar");
        new TestImage().layer(layer).writeDockerSave(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.tar");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> scan(cut, LIMITS)).isInstanceOf(LeakgateException.class)
                .hasMessageStartingWith(cut + ": ");
    }

    @Test
    void fileThatIsNoArchiveIsAClearError() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "just some notes\n".repeat(100));
        assertThatThrownBy(() -> scan(text, LIMITS)).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("not");
        Path empty = dir.resolve("empty.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(empty))) {
            TestImage.put(tar, "hello.txt", "hi".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> scan(empty, LIMITS)).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("neither manifest.json nor index.json");
    }

    @Test
    void whiteoutEntryThatCarriesContentIsScanned() throws Exception {
        TestImage.Layer add = new TestImage.Layer().file("etc/app.env", "APP=1\n");
        TestImage.Layer remove = new TestImage.Layer()
                .file("etc/.wh.app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n")
                .file("srv/.wh..wh..opq", "aws_secret_access_key = " + ImageSourceTest.AWS_SECRET + "\n");
        Path archive = dir.resolve("wh.tar");
        new TestImage().layer(add).layer(remove).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).as(describe(r)).extracting(Finding::path).contains(
                layerId(remove) + ":/etc/.wh.app.env", layerId(remove) + ":/srv/.wh..wh..opq");
    }

    @Test
    void layerWhoseDiffIdRepeatsIsReadUnlessItsBytesAreTheSame() throws Exception {
        TestImage.Layer base = new TestImage.Layer().file("etc/os-release", "ID=alpine\n");
        TestImage.Layer hidden = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        TestImage.Layer again = new TestImage.Layer()
                .file("srv/token", "aws_secret_access_key = " + ImageSourceTest.AWS_SECRET + "\n");
        // The config claims the same diff_id for all four layers; the first and third hold the same bytes.
        String config = new String(new TestImage().layer(base).layer(base).layer(base).layer(base).config(), StandardCharsets.UTF_8);
        Path archive = dir.resolve("repeat.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            TestImage.put(tar, "l1/layer.tar", base.tarBytes());
            TestImage.put(tar, "l2/layer.tar", hidden.tarBytes());
            TestImage.put(tar, "l3/layer.tar", base.tarBytes());
            TestImage.put(tar, "l4/layer.tar", again.tarBytes());
            TestImage.put(tar, "manifest.json", ("[{\"Config\":\"config.json\",\"RepoTags\":[\"r:1\"],"
                    + "\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\",\"l3/layer.tar\",\"l4/layer.tar\"]}]")
                    .getBytes(StandardCharsets.UTF_8));
        }

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).as(describe(r)).extracting(Finding::path).containsExactlyInAnyOrder(
                layerId(hidden) + ":/etc/app.env", layerId(again) + ":/srv/token");
        assertThat(r.skipped()).as(describe(r)).isEmpty();
        assertThat(r.targets()).as("the repeated identical layer is read once").isEqualTo(3 + 3);
    }

    @Test
    void everyCopyOfAnArchiveEntryWithTheSameNameIsScanned() throws Exception {
        TestImage.Layer first = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        TestImage.Layer last = new TestImage.Layer()
                .file("srv/token", "aws_secret_access_key = " + ImageSourceTest.AWS_SECRET + "\n");
        byte[] config = new TestImage().layer(last).config();
        Path archive = dir.resolve("twice.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", config);
            TestImage.put(tar, "l1/layer.tar", first.tarBytes());
            TestImage.put(tar, "l1/layer.tar", last.tarBytes());
            TestImage.put(tar, "manifest.json", "[{\"Config\":\"config.json\",\"Layers\":[\"l1/layer.tar\"]}]"
                    .getBytes(StandardCharsets.UTF_8));
        }

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).as(describe(r)).extracting(Finding::path).containsExactlyInAnyOrder(
                layerId(first) + ":/etc/app.env", layerId(last) + ":/srv/token");
        assertThat(r.findings()).filteredOn(f -> f.path().startsWith(layerId(first)))
                .allSatisfy(f -> assertThat(f.attributes()).containsEntry("overwrittenInArchive", "true"));
        assertThat(r.findings()).filteredOn(f -> f.path().startsWith(layerId(last)))
                .allSatisfy(f -> assertThat(f.attributes()).doesNotContainKey("overwrittenInArchive"));
    }

    @Test
    void everyCopyOfAFileWithTheSameNameInALayerIsScanned() throws Exception {
        TestImage.Layer layer = new TestImage.Layer()
                .file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n")
                .file("etc/app.env", "APP=1\n");
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(layer).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.findings()).as(describe(r)).extracting(Finding::path).containsExactly(layerId(layer) + ":/etc/app.env");
    }

    @Test
    void archiveWithBothManifestJsonAndIndexJsonScansTheImagesOfBoth() throws Exception {
        TestImage.Layer saved = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        TestImage.Layer oci = new TestImage.Layer()
                .file("srv/token", "aws_secret_access_key = " + ImageSourceTest.AWS_SECRET + "\n").gzip();
        Path docker = dir.resolve("docker.tar");
        Path layout = dir.resolve("oci.tar");
        new TestImage().name("a:1").layer(saved).writeDockerSave(docker);
        new TestImage().name("b:1").layer(oci).writeOci(layout);
        for (boolean dockerFirst : new boolean[] {true, false}) {
            Path both = dir.resolve("both-" + dockerFirst + ".tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(both))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                copyEntries(dockerFirst ? docker : layout, tar);
                copyEntries(dockerFirst ? layout : docker, tar);
            }

            ScanResult r = scan(both, LIMITS);

            assertThat(r.findings()).as(describe(r)).extracting(Finding::path).containsExactlyInAnyOrder(
                    layerId(saved) + ":/etc/app.env", layerId(oci) + ":/srv/token");
        }
    }

    @Test
    void zipEntryCompressedWithAMethodThatCannotBeReadIsListedAsSkipped() throws Exception {
        byte[] jar = TestImage.withMethod(TestImage.zip("app.properties",
                "aws_secret_access_key=" + ImageSourceTest.AWS_SECRET + "\n"), 14);
        TestImage.Layer layer = new TestImage.Layer().file("app/app.jar", jar);
        Path archive = dir.resolve("lzma.tar");
        new TestImage().layer(layer).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        assertThat(r.skipped()).as(describe(r)).anySatisfy(s -> {
            assertThat(s.path()).isEqualTo(layerId(layer) + ":/app/app.jar!/app.properties");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.UNREADABLE);
            assertThat(s.detail()).contains("LZMA");
        });
    }

    @Test
    void entriesThatNoManifestNamesAreScannedAsFilesAndLayers() throws Exception {
        TestImage.Layer listed = new TestImage.Layer().file("etc/os-release", "ID=alpine\n");
        TestImage.Layer stray = new TestImage.Layer()
                .file("srv/token", "aws_secret_access_key = " + ImageSourceTest.AWS_SECRET + "\n").gzip();
        TestImage image = new TestImage().layer(listed);
        Path archive = dir.resolve("stray.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", image.config());
            TestImage.put(tar, "l1/layer.tar", listed.tarBytes());
            TestImage.put(tar, "notes/deploy.env", ("AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n").getBytes(StandardCharsets.UTF_8));
            TestImage.put(tar, "blobs/sha256/0123", TestImage.gzip(stray.tarBytes()));
            TestImage.put(tar, "manifest.json", "[{\"Config\":\"config.json\",\"Layers\":[\"l1/layer.tar\"]}]"
                    .getBytes(StandardCharsets.UTF_8));
        }

        ScanResult r = scan(archive, LIMITS);

        String strayId = TestImage.sha256(TestImage.gzip(stray.tarBytes())).substring(0, 12);
        assertThat(r.findings()).as(describe(r)).extracting(Finding::path).containsExactlyInAnyOrder(
                "stray.tar:/notes/deploy.env", strayId + ":/srv/token");
        assertThat(r.findings()).filteredOn(f -> f.path().startsWith(strayId)).allSatisfy(f ->
                assertThat(f.attributes()).containsEntry("layer", "sha256:" + strayId + TestImage.sha256(
                        TestImage.gzip(stray.tarBytes())).substring(12)));
    }

    private static void copyEntries(Path from, TarArchiveOutputStream to) throws Exception {
        try (TarFile in = new TarFile(from)) {
            for (TarArchiveEntry e : in.getEntries()) {
                try (var content = in.getInputStream(e)) {
                    TestImage.put(to, e.getName(), content.readAllBytes());
                }
            }
        }
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
