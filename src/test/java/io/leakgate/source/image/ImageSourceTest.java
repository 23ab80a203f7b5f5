package io.leakgate.source.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.source.ContentScan;
import io.leakgate.source.TargetScanner;
import io.leakgate.source.archive.ArchiveLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image archives built in the test, scanned with the default rules. */
class ImageSourceTest {
    static final String AWS_KEY = "AKIAYVP4CIPPOWONZTGT";
    static final String AWS_SECRET = "mk30783jZKr8zVp8M6HtYG9rs85r8XTVo2FkfHe0";
    static final String NPM_TOKEN = "Tq7mXv2LcR9wPz4KbN8sHd6MfJ0pA3e"; // not npm_-prefixed: a fake npm token would fail its checksum
    static final ImageLimits LIMITS = new ImageLimits(25 << 20, 1L << 30, 200, 2);

    @TempDir
    Path dir;

    static ScanResult scan(Path archive, ImageLimits limits) throws Exception {
        RuleIndex rules = new RuleIndex(new ConfigLoader().loadDefault());
        // the archives inside layers are opened by the scan step, as deep as the image's limits say
        TargetScanner scanner = new TargetScanner(rules, 2, limits.maxFileSize(), new ContentScan.Options(
                ArchiveLimits.defaults(limits.maxFileSize()).withDepth(limits.maxDepth()), 2, true));
        try (ImageSource image = ImageSource.open(archive, limits)) {
            return image.annotate(scanner.scan(image::produce), rules);
        }
    }

    private static Finding only(ScanResult r, String ruleId) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule().id().equals(ruleId)).toList();
        assertThat(f).as(ruleId + " in " + describe(r)).hasSize(1);
        return f.get(0);
    }

    static String describe(ScanResult r) {
        return r.findings().stream().map(f -> f.rule().id() + "@" + f.path() + ":" + f.line() + " " + f.attributes())
                .collect(Collectors.joining("\n")) + "\nskipped " + r.skipped();
    }

    private static String layerId(TestImage.Layer l) {
        return TestImage.sha256(l.tarBytes()).substring(0, 12);
    }

    @Test
    void dockerSaveArchiveReportsSecretsInLayersConfigEnvAndBuildHistory() throws Exception {
        TestImage.Layer base = new TestImage.Layer().file("etc/os-release", "ID=alpine\n");
        TestImage.Layer app = new TestImage.Layer()
                .file("app/.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\nAWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\n")
                .createdBy("|1 NPM_TOKEN=" + NPM_TOKEN + " /bin/sh -c npm ci && cp .env.build /app/.env");
        TestImage image = new TestImage().layer(base).layer(app).env("DB_PASSWORD=hunter2")
                .label("org.acme.api-key", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")
                .step("/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2");
        Path archive = dir.resolve("app.tar");
        image.writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        String imageId = TestImage.sha256(image.config()).substring(0, 12);
        Finding key = only(r, "aws-access-key-id");
        assertThat(key.path()).isEqualTo(layerId(app) + ":/app/.env");
        assertThat(key.line()).isEqualTo(1);
        assertThat(key.attributes()).containsEntry("image", "acme/app:1.0")
                .containsEntry("layer", "sha256:" + TestImage.sha256(app.tarBytes()))
                .containsEntry("layerIndex", "2/2")
                .doesNotContainKey("removedInLaterLayer");
        assertThat(key.attributes().get("createdBy")).startsWith("|1 NPM_TOKEN=**** /bin/sh -c npm ci")
                .doesNotContain(NPM_TOKEN);
        assertThat(only(r, "aws-secret-access-key").path()).isEqualTo(layerId(app) + ":/app/.env");

        Map<String, List<String>> literals = r.findings().stream()
                .filter(f -> f.rule().id().equals("dockerfile-secret-variable-literal"))
                .collect(Collectors.groupingBy(Finding::path, Collectors.mapping(Finding::secret, Collectors.toList())));
        assertThat(literals).containsEntry(imageId + ":config/Env", List.of("hunter2"))
                .containsEntry(imageId + ":config/Labels", List.of("9f8e7d6c5b4a39281706f5e4d3c2b1a0"))
                .containsEntry(imageId + ":config/history[1]", List.of(NPM_TOKEN))
                .containsEntry(imageId + ":config/history[2]", List.of("hunter2"));
        Finding fromHistory = r.findings().stream()
                .filter(f -> f.path().endsWith(":config/history[1]") && f.secret().equals(NPM_TOKEN)).findFirst().orElseThrow();
        assertThat(fromHistory.line()).as("the ARG line the build argument became, first of its entry").isEqualTo(1);
        assertThat(fromHistory.attributes()).containsEntry("step", "2/3")
                .containsEntry("layer", "sha256:" + TestImage.sha256(app.tarBytes()));
        assertThat(r.findings().get(0).path()).startsWith(imageId + ":config/");
        assertThat(r.findings().get(r.findings().size() - 1).path()).startsWith(layerId(app) + ":");
    }

    @Test
    void layerStoredOnceAndLinkedFromAnotherDirectoryIsRead() throws Exception {
        TestImage.Layer layer = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        TestImage image = new TestImage().layer(layer);
        Path archive = dir.resolve("linked.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TestImage.put(tar, "config.json", image.config());
            TestImage.put(tar, "aaa/layer.tar", layer.blob());
            TarArchiveEntry link = new TarArchiveEntry("bbb/layer.tar", TarConstants.LF_SYMLINK);
            link.setLinkName("../aaa/layer.tar");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TestImage.put(tar, "manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"linked:1\"],\"Layers\":[\"bbb/layer.tar\"]}]"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        assertThat(only(scan(archive, LIMITS), "aws-access-key-id").path()).isEqualTo(layerId(layer) + ":/etc/app.env");
    }

    @Test
    void fileDeletedByALaterLayerIsStillReportedAndSaysSo() throws Exception {
        TestImage.Layer add = new TestImage.Layer()
                .file("root/.aws/credentials", "[default]\naws_access_key_id = " + AWS_KEY + "\n")
                .file("srv/keep.env", "AWS_ACCESS_KEY_ID=ASIAHBMUAPTT2ZN5X2PD\n")
                .file("opt/cache/token.txt", "aws_secret_access_key = " + AWS_SECRET + "\n")
                .createdBy("COPY .aws /root/.aws # buildkit");
        TestImage.Layer remove = new TestImage.Layer()
                .file("root/.aws/.wh.credentials", "")
                .file("opt/cache/.wh..wh..opq", "")
                .createdBy("RUN /bin/sh -c rm -rf /root/.aws/credentials /opt/cache/* # buildkit");
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(add).layer(remove).writeDockerSave(archive);

        ScanResult r = scan(archive, LIMITS);

        Map<String, Finding> byPath = r.findings().stream().filter(f -> f.rule().id().startsWith("aws-"))
                .collect(Collectors.toMap(f -> f.path().substring(13), f -> f));
        assertThat(byPath.get("/root/.aws/credentials").attributes()).containsEntry("removedInLaterLayer", "true")
                .containsEntry("createdBy", "COPY .aws /root/.aws # buildkit");
        assertThat(byPath.get("/opt/cache/token.txt").attributes()).containsEntry("removedInLaterLayer", "true");
        assertThat(byPath.get("/srv/keep.env").attributes()).doesNotContainKey("removedInLaterLayer");
        assertThat(only(r, "image-credential-file").path()).isEqualTo(layerId(add) + ":/root/.aws/credentials");
    }

    @Test
    void fileOverwrittenByALaterLayerIsReportedAsReplaced() throws Exception {
        TestImage.Layer first = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        TestImage.Layer second = new TestImage.Layer().file("etc/app.env", "AWS_ACCESS_KEY_ID=\n");
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(first).layer(second).writeDockerSave(archive);

        assertThat(only(scan(archive, LIMITS), "aws-access-key-id").attributes())
                .containsEntry("replacedInLaterLayer", "true");
    }

    @Test
    void ociLayoutWithGzipLayersIsScannedLikeDockerSave() throws Exception {
        TestImage.Layer app = new TestImage.Layer()
                .file("app/Dockerfile", "FROM node:22\nRUN curl -fsSL \\\n  -u deploy:Zq8vT2mLx4Rw https://x/a.tgz\n")
                .createdBy("COPY .npmrc /root/.npmrc # buildkit")
                .gzip();
        Path archive = dir.resolve("oci.tar");
        new TestImage().name("ghcr.io/acme/app:2.1").layer(app).writeOci(archive);

        ScanResult r = scan(archive, LIMITS);

        Finding curl = only(r, "curl-basic-auth");  // one finding: http-client-credentials gives way
        assertThat(curl.path()).isEqualTo(layerId(app) + ":/app/Dockerfile");
        assertThat(curl.line()).isEqualTo(3);
        assertThat(curl.attributes()).containsEntry("image", "ghcr.io/acme/app:2.1");
        Finding copied = only(r, "dockerfile-copies-credential-file");
        assertThat(copied.path()).endsWith(":config/history[0]");
        assertThat(copied.secret()).isEqualTo(".npmrc");
    }

    @Test
    void archivesInsideLayersAreOpenedToALimitedDepth() throws Exception {
        byte[] inner = TestImage.zip("application.properties", "aws.secret_access_key=" + AWS_SECRET + "\n");
        byte[] middle = TestImage.zip("BOOT-INF/lib/config.jar", inner);
        TestImage.Layer layer = new TestImage.Layer()
                .file("app/lib/config.jar", inner)
                .file("app/app.jar", middle)
                .file("backup/etc.tar.gz", TestImage.gzip(new TestImage.Layer()
                        .file("etc/app.env", "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n").tarBytes()));
        Path archive = dir.resolve("app.tar");
        new TestImage().layer(layer).writeDockerSave(archive);
        String id = layerId(layer);

        ScanResult deep = scan(archive, LIMITS);
        assertThat(deep.findings()).extracting(Finding::path).contains(
                id + ":/app/lib/config.jar!/application.properties",
                id + ":/app/app.jar!/BOOT-INF/lib/config.jar!/application.properties",
                id + ":/backup/etc.tar.gz!/etc/app.env");

        ScanResult shallow = scan(archive, new ImageLimits(25 << 20, 1L << 30, 200, 1));
        assertThat(shallow.findings()).extracting(Finding::path)
                .contains(id + ":/app/lib/config.jar!/application.properties")
                .doesNotContain(id + ":/app/app.jar!/BOOT-INF/lib/config.jar!/application.properties");
        assertThat(shallow.skipped()).anySatisfy(s -> {
            assertThat(s.path()).isEqualTo(id + ":/app/app.jar!/BOOT-INF/lib/config.jar");
            assertThat(s.reason()).isEqualTo(Skipped.Reason.LIMIT);
        });
    }
}
