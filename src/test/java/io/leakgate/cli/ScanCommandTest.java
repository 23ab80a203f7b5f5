package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.detect.ContentKindTest;
import io.leakgate.source.git.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    static final String ORIGIN_DOCKERFILE = "FROM alpine:3.19\n"
            + "ENV AWS_ACCESS_KEY=AKIAYVP4CIPPOWONZTGT\n"
            + "ENV AWS_SECRET_ACCESS_KEY=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\n"
            + "CMD [\"sh\"]\n";

    @TempDir
    Path dir;

    @Test
    void reportsBothLinesOfTheOriginDockerfileAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Dockerfile:2:").contains("Dockerfile:3:")
                .contains("AKIAYVP4…ZTGT")
                .doesNotContain("AKIAYVP4CIPPOWONZTGT")
                .doesNotContain("mk30783jZKr8zVp8M6HtYG9rs85r8XTVo2FkfHe0");
    }

    @Test
    void cleanFolderExitsZero() throws Exception {
        Files.writeString(dir.resolve("main.py"), "print('hello')\napi_key = os.environ['API_KEY']\n");
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void brokenConfigExitsTwoWithOneLineNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.toml"), "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\nkeywords = [\"x\"]\n");
        Cli.Run run = Cli.run(dir, "scan", "--config", "bad.toml", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("bad.toml:3:").contains("rule 'x'").doesNotContain("Exception");
    }

    @Test
    void unknownFieldInConfigIsAnErrorWithItsLine() throws Exception {
        Files.writeString(dir.resolve(".leakgate.toml"),
                "[[rules]]\nid = \"x\"\nregex = '''x'''\nkeywordz = [\"x\"]\n");
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(".leakgate.toml:4:").contains("unknown field 'keywordz'");
    }

    @Test
    void jsonReportParsesBackWithRedactedSecretsAndOneBasedPositions() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "--format", "json", ".");
        assertThat(run.exit()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("tool").asText()).isEqualTo("leakgate");
        assertThat(report.get("version").asText()).isNotBlank();
        JsonNode first = report.get("findings").get(0);
        assertThat(first.get("path").asText()).isEqualTo("Dockerfile");
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.get("column").asInt()).isEqualTo(20);
        assertThat(first.get("endLine").asInt()).isEqualTo(2);
        assertThat(first.get("endColumn").asInt()).isEqualTo(39);
        assertThat(first.get("secret").asText()).isEqualTo("AKIAYVP4…ZTGT");
        assertThat(first.get("fingerprint").asText()).matches("v2-[0-9a-f]{32}");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("tags").isArray()).isTrue();
        assertThat(first.get("commit").isNull()).isTrue();
        assertThat(report.get("findings").size()).isEqualTo(2);
    }

    @Test
    void showSecretsPrintsThemInFull() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "--show-secrets", "--format", "json", ".");
        assertThat(run.out()).contains("AKIAYVP4CIPPOWONZTGT");
    }

    @Test
    void fingerprintSurvivesLinesInsertedAboveTheSecret() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        String before = fingerprints(Cli.run(dir, "scan", "-f", "json", ".").out());
        Files.writeString(dir.resolve("Dockerfile"), "# comment\n# another\n" + ORIGIN_DOCKERFILE);
        String after = fingerprints(Cli.run(dir, "scan", "-f", "json", ".").out());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void scansStandardInputWhenPathIsDash() {
        Cli.Run run = Cli.run(dir, Map.of(), "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n".getBytes(StandardCharsets.UTF_8),
                "scan", "-");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("-:1:21");
    }

    @Test
    void honoursGitignoreUnlessToldNotTo() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), "secrets/\n");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/Dockerfile"), ORIGIN_DOCKERFILE);
        assertThat(Cli.run(dir, "scan", ".").exit()).isEqualTo(0);
        assertThat(Cli.run(dir, "scan", "--no-gitignore", ".").exit()).isEqualTo(1);
    }

    @Test
    void skipsDotGitDirectory() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), ORIGIN_DOCKERFILE);
        assertThat(Cli.run(dir, "scan", "--no-gitignore", ".").exit()).isEqualTo(0);
    }

    @Test
    void reportsOversizedFilesAsSkippedNotSilentlyDropped() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "--max-file-size", "10", ".");
        assertThat(run.exit()).isEqualTo(0);
        assertThat(run.out()).contains("skipped Dockerfile").contains("larger than --max-file-size");
    }

    @Test
    void skipsAndCountsImagesButScansOtherBinaries() throws Exception {
        Files.write(dir.resolve("logo.png"), ContentKindTest.image("png"));
        Files.write(dir.resolve("app.db"), concat(new byte[] {0, 1, 2, 0}, ORIGIN_DOCKERFILE.getBytes(StandardCharsets.UTF_8)));
        Cli.Run run = Cli.run(dir, "scan", "-f", "json", ".");
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("findings").findValuesAsText("path")).containsOnly("app.db");
        assertThat(report.get("skipped").get(0).get("path").asText()).isEqualTo("logo.png");
        assertThat(report.get("skipped").get(0).get("reason").asText()).isEqualTo("media");
    }

    @Test
    void scansAnEnvAppendedToAnImageAndTextThatStartsLikeMedia() throws Exception {
        Files.write(dir.resolve("logo.png"), concat(ContentKindTest.image("png"), ContentKindTest.ENV));
        Files.write(dir.resolve("photo.jpg"), concat(ContentKindTest.image("jpg"), ContentKindTest.ENV));
        Files.writeString(dir.resolve("fonts.env"), "OTTO_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Files.writeString(dir.resolve("audio.env"), "ID3_URL=https://example.com\nAWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Files.writeString(dir.resolve("anim.env"), "GIF89a_PATH=/x\nAWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        Cli.Run run = Cli.run(dir, "scan", "-f", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("findings").findValuesAsText("path"))
                .containsExactlyInAnyOrder("anim.env", "audio.env", "fonts.env", "logo.png", "photo.jpg");
        assertThat(report.get("skipped")).isEmpty();
    }

    @Test
    void findsKeysInUtf16AndUtf32FilesAtTheirTextLinesAndColumns() throws Exception {
        String text = "# \u00e9t\u00e9\r\n$env:AWS_ACCESS_KEY_ID = \"AKIAYVP4CIPPOWONZTGT\"\r\n";
        Files.write(dir.resolve("deploy.ps1"), ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE));
        Files.write(dir.resolve("export.reg"), text.getBytes(StandardCharsets.UTF_16BE));
        Files.write(dir.resolve("app.config"), ("\uFEFF" + text).getBytes(java.nio.charset.Charset.forName("UTF-32LE")));
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("deploy.ps1:2:27").contains("export.reg:2:27").contains("app.config:2:27");
        Cli.Run stdin = Cli.run(dir, Map.of(), text.getBytes(StandardCharsets.UTF_16LE), "scan", "-");
        assertThat(stdin.out()).contains("-:2:27");
    }

    @Test
    void readsStandardInputNamedAsAPathAndAFifo() throws Exception {
        byte[] env = "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n".getBytes(StandardCharsets.UTF_8);
        // /dev/stdin is the process's own standard input: a process of its own.
        Cli.Run stdin = Cli.forked(dir, Map.of(), env, "scan", "/dev/stdin");
        assertThat(stdin.exit()).as(stdin.out() + stdin.err()).isEqualTo(1);
        assertThat(stdin.out()).contains("/dev/stdin:1:21");

        Path fifo = dir.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, env);
            } catch (java.io.IOException e) {
                // the scan under test did not read it; its assertions say so
            }
        });
        writer.setDaemon(true);
        writer.start();
        Cli.Run run = Cli.run(dir, "scan", "pipe");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("pipe:1:21");
    }

    @Test
    void readsProcFilesThatReportNoSize() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "a /proc file system");
        Cli.Run run = Cli.forked(dir, Map.of("LEAKGATE_TEST_ENV", "aws_access_key_id=AKIAYVP4CIPPOWONZTGT"), null,
                "scan", "/proc/self/environ");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("AKIAYVP4…ZTGT");
    }

    @Test
    void listsAFileTooDeepToOpenAsSkipped() throws Exception {
        Path deep = dir.resolve("deep");
        Files.createDirectories(deep);
        String name = "d".repeat(200);
        try {
            // a path longer than the system allows (PATH_MAX) can only be made one relative step at a time
            Process mk = new ProcessBuilder("bash", "-c", "for i in $(seq 30); do mkdir " + name + " && cd " + name
                    + " || exit 1; done; echo 'aws_access_key_id = AKIAYVP4CIPPOWONZTGT' > .env")
                    .directory(deep.toFile()).start();
            assumeTrue(mk.waitFor() == 0, "a file system that takes a path of 6,000 characters");
            Cli.Run run = Cli.run(dir, "scan", "-f", "json", "deep");
            JsonNode report = new ObjectMapper().readTree(run.out());
            assertThat(report.get("skipped")).as(run.out() + run.err()).hasSize(1);
            assertThat(report.get("skipped").get(0).get("path").asText()).startsWith("deep/" + name + "/" + name + "/");
            assertThat(report.get("skipped").get(0).get("reason").asText()).isEqualTo("unreadable");
        } finally {
            new ProcessBuilder("rm", "-rf", deep.toString()).start().waitFor();
        }
    }

    @Test
    void scansATrackedFileThatGitignoreLists() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write(".gitignore", ".env\nlocal/\n").write(".env", "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n")
                .write("local/keep.env", "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n");
        repo.git("add", "-f", ".gitignore", ".env", "local/keep.env");
        repo.git("commit", "-q", "-m", "tracked");
        repo.write("untracked/.env", "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n")
                .write("local/other.env", "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n");
        Cli.Run run = Cli.run(dir, "scan", "-f", "json", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(run.out()).get("findings").findValuesAsText("path"))
                .containsExactly(".env", "local/keep.env");
        Cli.Run sub = Cli.run(dir.resolve("local"), "scan", "-f", "json", ".");
        assertThat(new ObjectMapper().readTree(sub.out()).get("findings").findValuesAsText("path"))
                .containsExactly("keep.env", "other.env");
    }

    @Test
    void scansStandardInputUpToTheLimitAndListsTheRest() {
        byte[] input = ("aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n" + "x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
        Cli.Run run = Cli.run(dir, Map.of(), input, "scan", "--max-file-size", "1k", "-");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("-:1:21").contains("skipped -").contains("only the first 1024 bytes were scanned");
    }

    @Test
    void scansAFileLargerThanTheHeapInWindows() throws Exception {
        Path big = dir.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200L << 20);
            f.write("\naws_access_key_id = AKIAYVP4CIPPOWONZTGT\n".getBytes(StandardCharsets.UTF_8));
        }
        Cli.Run run = Cli.run(dir, Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"), null, "scan", "--max-file-size", "3G", "big.bin");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("big.bin:2:21");
    }

    @Test
    void aHugeThreadCountIsCappedRatherThanCrashing() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "-j", "100000", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Dockerfile:2:");
    }

    @Test
    void anUnreadableDirectoryIsListedAndTheRestScanned() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(locked.resolve(".env"), "x\n");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            // As root (CI), drop the capabilities that read past permissions; setpriv is util-linux's.
            Cli.Run run = Files.isReadable(locked) ? Cli.runWithoutReadOverride(dir, "scan", ".") : Cli.run(dir, "scan", ".");
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("Dockerfile:2:").contains("skipped locked").contains("cannot list directory");
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void reportFileGetsTheReportAndTerminalGetsASummary() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "-f", "json", "--report", "out/report.json", ".");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("2 findings");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.get("findings").size()).isEqualTo(2);
    }

    @Test
    void missingPathIsAClearErrorWithoutStackTrace() {
        Cli.Run run = Cli.run(dir, "scan", "does-not-exist");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("does-not-exist: no such file or directory").doesNotContain("\tat ");
    }

    @Test
    void unknownOptionIsAUsageErrorExitTwo() {
        Cli.Run run = Cli.run(dir, "scan", "--frobnicate");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option").contains("leakgate scan --help");
    }

    @Test
    void helpAndVersionWorkEverywhere() {
        assertThat(Cli.run(dir, "--version").out()).startsWith("leakgate ");
        Cli.Run help = Cli.run(dir, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("scan").contains("rules");
        assertThat(Cli.run(dir, "scan", "--help").out()).contains("--max-file-size").contains("Exit codes:");
        assertThat(Cli.run(dir, "rules", "check", "--help").exit()).isZero();
    }

    @Test
    void gitleaksConfigInTheScannedRootIsUsed() throws Exception {
        Files.writeString(dir.resolve(".gitleaks.toml"),
                "[[rules]]\nid = \"house-token\"\nregex = '''house_[a-z0-9]{16}'''\nkeywords = [\"house_\"]\n");
        Files.writeString(dir.resolve("app.cfg"), "token = house_abcdef0123456789\n");
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("house-token");
    }

    private static String fingerprints(String json) throws Exception {
        return new ObjectMapper().readTree(json).get("findings").findValuesAsText("fingerprint").toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
