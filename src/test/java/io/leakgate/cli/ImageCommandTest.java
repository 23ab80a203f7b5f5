package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.source.image.TestImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leakgate image} as a user runs it, on archives built in the test. */
class ImageCommandTest {
    private static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    private static final String SECRET = "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";

    @TempDir
    Path dir;

    /** The origin story as an image: the key went in with ENV, and a later layer "removed" a file. */
    private TestImage originImage() {
        TestImage.Layer base = new TestImage.Layer().file("etc/alpine-release", "3.20.0\n");
        TestImage.Layer creds = new TestImage.Layer()
                .file("root/.aws/credentials", "[default]\naws_access_key_id = " + KEY
                        + "\naws_secret_access_key = " + SECRET + "\n")
                .createdBy("COPY credentials /root/.aws/credentials # buildkit");
        TestImage.Layer cleanup = new TestImage.Layer().file("root/.aws/.wh.credentials", "")
                .createdBy("RUN /bin/sh -c rm /root/.aws/credentials # buildkit");
        return new TestImage().name("acme/origin:1.0").layer(base).layer(creds).layer(cleanup)
                .env("AWS_ACCESS_KEY=" + KEY)
                .step("ENV AWS_ACCESS_KEY=" + KEY);
    }

    @Test
    void textReportNamesLayerAndBuildStepRedactsAndExitsOne() throws Exception {
        originImage().writeDockerSave(dir.resolve("origin.tar"));

        Cli.Run run = Cli.run(dir, "image", "--no-color", "origin.tar");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains(":/root/.aws/credentials:2:")
                .contains("image acme/origin:1.0 · layer 2/3 sha256:")
                .contains("created by COPY credentials /root/.aws/credentials # buildkit")
                .contains("removed in a later layer, still in the image")
                .contains(":config/Env:2:20")
                .contains("AKIAYVP4…ZTGT")
                .doesNotContain(KEY)
                .doesNotContain(SECRET);
    }

    private static final String NETRC_PASSWORD = "Wjz3bc5jEAxebTP3u8rf";
    private static final String EC_BODY = "MHcCAQEEIZgAcgIgzAIVP86z6v/0qgsjOce40Q7/ZvWp3j4egnsSh1MObxEkzvQX";
    private static final String EC_KEY = "-----BEGIN EC PRIVATE KEY-----\n" + EC_BODY + "\n"
            + "/Gs5OE5QI9g5qTF74jqDytZaTSzHBGf3dy2VmyixDdVQg4CHmct7ZsbNja4/0ty1\n"
            + "cQDVGdpLY47NhL9Pp7/96kuSg4+o\n-----END EC PRIVATE KEY-----";

    /** Build steps whose commands hold secrets: a RUN writing a .netrc, a RUN writing a PEM key. */
    private TestImage imageWithSecretsInBuildSteps() {
        TestImage.Layer base = new TestImage.Layer().file("etc/alpine-release", "3.20.0\n");
        String netrc = "machine github.com login deploy password " + NETRC_PASSWORD;
        TestImage.Layer login = new TestImage.Layer().file("root/.netrc", netrc + "\n")
                .createdBy("RUN /bin/sh -c echo \"" + netrc + "\" > /root/.netrc # buildkit");
        TestImage.Layer key = new TestImage.Layer().file("etc/ssl/app.key", EC_KEY + "\n")
                .createdBy("RUN /bin/sh -c cat > /etc/ssl/app.key <<EOF\n" + EC_KEY + "\nEOF # buildkit");
        return new TestImage().name("acme/build:1.0").layer(base).layer(login).layer(key);
    }

    @Test
    void secretsInBuildStepCommandsAreFindingsAtTheirHistoryEntryAndRedactedInEveryFormat() throws Exception {
        TestImage image = imageWithSecretsInBuildSteps();
        image.writeDockerSave(dir.resolve("build.tar"));
        String imageId = TestImage.sha256(image.config()).substring(0, 12);

        for (String format : List.of("text", "json", "sarif", "csv", "junit")) {
            Cli.Run run = Cli.run(dir, "image", "--no-color", "--format", format, "build.tar");
            assertThat(run.exit()).as(format + run.err()).isEqualTo(1);
            // SARIF writes paths as URIs: ':' '[' ']' percent-encoded.
            String at = format.equals("sarif") ? imageId + "%3Aconfig/history%5B" : imageId + ":config/history[";
            String end = format.equals("sarif") ? "%5D" : "]";
            assertThat(run.out()).as(format).doesNotContain(NETRC_PASSWORD).doesNotContain(EC_BODY)
                    .contains(at + 1 + end).contains(at + 2 + end);
        }
        Cli.Run text = Cli.run(dir, "image", "--no-color", "build.tar");
        assertThat(text.out()).contains("created by RUN /bin/sh -c echo \"machine github.com login deploy password ")
                .contains("created by RUN /bin/sh -c cat > /etc/ssl/app.key <<EOF ");

        JsonNode report = new ObjectMapper().readTree(Cli.run(dir, "image", "--format", "json", "build.tar").out());
        List<String> atHistory = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            if (f.path("path").asText().startsWith(imageId + ":config/history[")) {
                atHistory.add(f.path("rule").asText() + "@" + f.path("path").asText().substring(13)
                        + ":" + f.path("line").asInt());
            }
        }
        // Lines count within the entry: the key starts on the line after the heredoc's "cat".
        assertThat(atHistory).contains("netrc-password@config/history[1]:1", "private-key@config/history[2]:2");
    }

    @Test
    void zipEntryThatCannotBeDecompressedIsListedAsSkippedInEveryFormat() throws Exception {
        byte[] jar = TestImage.withMethod(TestImage.zip("app.properties",
                "aws_secret_access_key=" + SECRET + "\n"), 14);
        new TestImage().layer(new TestImage.Layer().file("app/app.jar", jar)).writeDockerSave(dir.resolve("lzma.tar"));

        for (String format : List.of("text", "json", "sarif", "csv", "junit")) {
            Cli.Run run = Cli.run(dir, "image", "--no-color", "--format", format, "lzma.tar");
            assertThat(run.exit()).as(format + run.err()).isZero();
            assertThat(run.out()).as(format).contains("app.properties").contains("LZMA");
        }
        String sarifText = Cli.run(dir, "image", "--format", "sarif", "lzma.tar").out();
        JsonNode sarif = new ObjectMapper().readTree(sarifText);
        JsonNode note = sarif.path("runs").get(0).path("invocations").get(0).path("toolExecutionNotifications").get(0);
        assertThat(note.path("level").asText()).isEqualTo("warning");
        assertThat(note.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .endsWith("/app/app.jar%21/app.properties");
        io.leakgate.report.SarifSchema.assertValid(sarifText); // last: skipped where the schema is absent
    }

    @Test
    void jsonReportCarriesImageAttributesForGzippedDockerSaveOutput() throws Exception {
        Path tar = dir.resolve("origin.tar");
        originImage().writeDockerSave(tar);
        Files.write(dir.resolve("origin.tar.gz"), TestImage.gzip(Files.readAllBytes(tar)));

        Cli.Run run = Cli.run(dir, "image", "--format", "json", "-r", "out.json", "origin.tar.gz");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        List<String> removed = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            assertThat(f.path("attributes").path("image").asText()).isEqualTo("acme/origin:1.0");
            if (f.path("attributes").path("removedInLaterLayer").asText().equals("true")) {
                removed.add(f.path("rule").asText());
                assertThat(f.path("attributes").path("layer").asText()).startsWith("sha256:");
            }
        }
        assertThat(removed).containsExactlyInAnyOrder("aws-access-key-id", "aws-secret-access-key",
                "image-credential-file");
        assertThat(Files.readString(dir.resolve("out.json"))).doesNotContain(KEY).doesNotContain(SECRET);
    }

    @Test
    void readsTheArchiveFromStandardInputLikeAPipeFromDockerSave() throws Exception {
        Path tar = dir.resolve("origin.tar");
        originImage().writeOci(tar);
        byte[] piped = TestImage.gzip(Files.readAllBytes(tar));

        Cli.Run run = Cli.run(dir, java.util.Map.of(), piped, "image", "--format", "json", "-");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("findings")).anySatisfy(f -> {
            assertThat(f.path("path").asText()).endsWith(":/root/.aws/credentials");
            assertThat(f.path("attributes").path("removedInLaterLayer").asText()).isEqualTo("true");
        });
    }

    @Test
    void imageFromStandardInputKilledMidReadLeavesNoSpoolFileBehind() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "io.leakgate.cli.Main", "image", "-");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            OutputStream stdin = p.getOutputStream();
            // The start of an archive, and the pipe held open, as when 'docker save' is still writing.
            stdin.write(new byte[1 << 20]);
            stdin.flush();
            Path spool = null;
            for (int i = 0; i < 600 && spool == null && p.isAlive(); i++) {
                try (Stream<Path> files = Files.walk(tmp)) {
                    spool = files.filter(Files::isRegularFile).filter(f -> sizeOf(f) > 0).findFirst().orElse(null);
                }
                if (spool == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(spool).as("spool file under " + tmp + "; " + Files.readString(dir.resolve("err.txt"))).isNotNull();
            assertThat(spool.getParent()).isNotEqualTo(tmp);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rw-------");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("left in the temporary directory").isEmpty();
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void findingsAcceptedInAnIgnoreFileNoLongerFailTheScan() throws Exception {
        originImage().writeDockerSave(dir.resolve("origin.tar"));
        Cli.Run first = Cli.run(dir, "image", "--format", "json", "origin.tar");
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        StringBuilder ignore = new StringBuilder();
        for (JsonNode f : new ObjectMapper().readTree(first.out()).path("findings")) {
            ignore.append(f.path("fingerprint").asText()).append('\n');
        }
        Files.writeString(dir.resolve("accepted.txt"), ignore);

        Cli.Run again = Cli.run(dir, "image", "--ignore-file", "accepted.txt", "origin.tar");

        assertThat(again.exit()).as(again.out() + again.err()).isZero();
    }

    @Test
    void cleanImageExitsZero() throws Exception {
        new TestImage().layer(new TestImage.Layer().file("app/main.py", "print('hello')\n").gzip())
                .writeOci(dir.resolve("clean.tar"));
        Cli.Run run = Cli.run(dir, "image", "clean.tar");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void truncatedOrMissingArchiveExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        originImage().writeDockerSave(dir.resolve("origin.tar"));
        byte[] b = Files.readAllBytes(dir.resolve("origin.tar"));
        Files.write(dir.resolve("cut.tar"), Arrays.copyOf(b, b.length / 3));
        for (String name : List.of(dir.resolve("cut.tar").toString(), dir.resolve("missing.tar").toString())) {
            Cli.Run run = Cli.run(dir, "image", name);
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("leakgate: " + name + ": ").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
