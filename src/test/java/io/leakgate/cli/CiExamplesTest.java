package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leakgate.report.SarifSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The CI examples in README.md: their YAML parses, they publish the file the scan writes, and
 * their scan commands run as written against a real repository, with {@code java -jar
 * leakgate.jar} standing for the classes under test. The CI services themselves are not run.
 */
class CiExamplesTest {
    static final String OLD_KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String NEW_KEY_ID = "AKIAHBMUAPTT2ZN5X2PD";
    static final String HISTORY_KEY_ID = "AKIAM7XNFAOOXK756SVR";
    static final String RANGE = "git ${BASE:+--since-ref \"$BASE\"}";

    static JsonNode github;
    static JsonNode gitlab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        while (m.find()) {
            JsonNode doc = yaml.readTree(m.group(1));
            if (doc.has("jobs")) {
                github = doc;
            } else if (doc.has("leakgate")) {
                gitlab = doc.get("leakgate");
            }
        }
        assertThat(github).as("GitHub Actions example in README.md").isNotNull();
        assertThat(gitlab).as("GitLab CI example in README.md").isNotNull();
    }

    @Test
    void githubWorkflowFetchesHistoryScansTheRangeAndUploadsTheSarifItWrote() {
        assertThat(github.get("permissions").get("security-events").asText()).isEqualTo("write");
        JsonNode steps = github.get("jobs").get("secrets").get("steps");
        assertThat(steps.get(0).get("with").get("fetch-depth").asInt()).isZero();
        List<String> cmd = scanLine(githubScript());
        assertThat(cmd).contains("--format", "sarif");
        String report = cmd.get(cmd.indexOf("--report") + 1);
        JsonNode upload = null;
        for (JsonNode s : steps) {
            if (s.path("uses").asText().startsWith("github/codeql-action/upload-sarif")) {
                upload = s;
            }
        }
        assertThat(upload).isNotNull();
        assertThat(upload.get("with").get("sarif_file").asText()).isEqualTo(report);
        assertThat(upload.get("if").asText()).contains("always()");
    }

    @Test
    void gitlabJobFetchesHistoryScansTheRangeAndPublishesTheJunitItWrote() {
        assertThat(gitlab.get("variables").get("GIT_DEPTH").asText()).isEqualTo("0");
        List<String> cmd = scanLine(gitlabScript());
        assertThat(cmd).contains("--format", "junit");
        String report = cmd.get(cmd.indexOf("--report") + 1);
        assertThat(gitlab.get("artifacts").get("reports").get("junit").asText()).isEqualTo(report);
        assertThat(gitlab.get("artifacts").get("when").asText()).isEqualTo("always");
    }

    @Test
    void theExamplesReportOptionsWorkWithScanToday() throws Exception {
        Path work = repoWithAcceptedAndNewSecret();
        for (List<String> cmd : List.of(scanLine(githubScript()), scanLine(gitlabScript()))) {
            List<String> args = new ArrayList<>(List.of("scan"));
            args.addAll(cmd);
            args.add(".");
            Cli.Run run = Cli.run(work, args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).contains("1 new finding (1 critical), 1 baselined");
        }
        checkSarif(work.resolve("leakgate.sarif"));
        checkJunit(work.resolve("leakgate-junit.xml"));
    }

    @Test
    void githubScanStepOnAPullRequestReportsOnlyWhatTheBranchAdds() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = sh(work, githubScript(), Map.of("EVENT", "pull_request", "BASE_BRANCH", "main", "BEFORE", ""));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void githubScanStepOnANewBranchPushScansTheWholeHistoryWithTheBaseline() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = sh(work, githubScript(), Map.of("EVENT", "push", "BASE_BRANCH", "",
                "BEFORE", "0000000000000000000000000000000000000000"));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void githubScanStepAfterAForcePushScansTheWholeHistory() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = sh(work, githubScript(), Map.of("EVENT", "push", "BASE_BRANCH", "",
                "BEFORE", "1234567890abcdef1234567890abcdef12345678"));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).doesNotContain("fatal:");
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void gitlabScriptInABranchPipelineAfterAForcePushScansTheWholeHistory() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = sh(work, gitlabScript(), Map.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", "",
                "CI_COMMIT_BEFORE_SHA", "1234567890abcdef1234567890abcdef12345678"));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        // the job log shows leakgate's summary, not git's complaint about the missing commit
        assertThat(run.output).doesNotContain("fatal:");
        checkJunit(work.resolve("leakgate-junit.xml"));
    }

    @Test
    void gitlabScriptInAMergeRequestPipelineWritesOneFailedTestCase() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        String base = git(work, "rev-parse", "main").strip();
        Run run = sh(work, gitlabScript(), Map.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", base, "CI_COMMIT_BEFORE_SHA", ""));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        checkJunit(work.resolve("leakgate-junit.xml"));
    }

    @Test
    void aBaselineMadeFromHistoryAcceptsWhatOnlyHistoryHoldsInTheWholeHistoryScanAndSurvivesARebase()
            throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        // A key committed and removed on main before the baseline: only history holds it.
        git(work, "checkout", "-q", "main");
        Files.writeString(work.resolve("legacy.env"), "AWS_ACCESS_KEY_ID=" + HISTORY_KEY_ID + "\n");
        git(work, "add", "legacy.env");
        git(work, "commit", "-q", "-m", "Legacy settings");
        git(work, "rm", "-q", "legacy.env");
        git(work, "commit", "-q", "-m", "Drop legacy settings");
        // The baseline made by a file scan (committed on main already) cannot accept it.
        git(work, "checkout", "-q", "feature");
        git(work, "rebase", "-q", "main");
        Map<String, String> newBranch = Map.of("EVENT", "push", "BASE_BRANCH", "",
                "BEFORE", "0000000000000000000000000000000000000000");
        Run before = sh(work, githubScript(), newBranch);
        assertThat(before.exit).as(before.output).isEqualTo(1);
        assertThat(before.output).contains("2 new findings");

        // Made, as a team would, in a clone of main: the feature branch's key is not accepted.
        Path mainClone = tmp.resolve("main-clone");
        git(tmp, "clone", "-q", "--single-branch", "--branch", "main", work.toString(), mainClone.toString());
        Cli.Run history = Cli.run(mainClone, "baseline", "create", "--git", "--report", ".leakgate-baseline.json", ".");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.err()).contains("2 entries");
        git(work, "checkout", "-q", "main");
        Files.copy(mainClone.resolve(".leakgate-baseline.json"), work.resolve(".leakgate-baseline.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "Accept existing findings, history included");
        git(work, "checkout", "-q", "feature");
        git(work, "rebase", "-q", "main"); // every feature commit gets a new id
        Run after = sh(work, githubScript(), newBranch);
        assertThat(after.exit).as(after.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif")); // only the key the branch adds
    }

    /** The scan step's shell script. */
    static String githubScript() {
        for (JsonNode s : github.get("jobs").get("secrets").get("steps")) {
            if (s.path("run").asText().contains("leakgate.jar git")) {
                return s.get("run").asText();
            }
        }
        throw new AssertionError("no scan step in the GitHub example");
    }

    /** The job's script without the download lines. */
    static String gitlabScript() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode line : gitlab.get("script")) {
            if (!line.asText().contains("curl")) {
                sb.append(line.asText()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The options after the range in the script's {@code java -jar leakgate.jar git …} line. */
    static List<String> scanLine(String script) {
        for (String line : script.split("\n")) {
            String l = line.strip();
            String prefix = "java -jar leakgate.jar " + RANGE + " ";
            if (l.startsWith(prefix)) {
                return Arrays.asList(l.substring(prefix.length()).split("\\s+"));
            }
        }
        throw new AssertionError("no 'java -jar leakgate.jar " + RANGE + "' line in:\n" + script);
    }

    static void checkSarif(Path file) throws IOException {
        String text = Files.readString(file);
        assertThat(text).doesNotContain(NEW_KEY_ID).doesNotContain(OLD_KEY_ID);
        JsonNode results = SarifSchema.assertValid(text).get("runs").get(0).get("results");
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation")
                .get("uri").asText()).isEqualTo("deploy/prod.env");
    }

    static void checkJunit(Path file) throws Exception {
        Document doc = ReportFormatsTest.parseXml(Files.readAllBytes(file));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element tc = (Element) suite.getElementsByTagName("testcase").item(0);
        assertThat(tc.getAttribute("file")).isEqualTo("deploy/prod.env");
    }

    static void assumeGitCommand() {
        Cli.Run help = Cli.run(Path.of("."), "--help");
        // Usage help may be coloured; compare the plain text.
        String plain = help.out().replaceAll("\u001B\\[[0-9;]*m", "");
        Assumptions.assumeTrue(plain.lines().anyMatch(l -> l.matches("\\s+git\\s.*")),
                "'leakgate git' is not part of this build yet");
    }

    /**
     * A clone of an origin whose main branch holds an old, baselined key; the checked-out
     * feature branch edits that file and adds a new key.
     */
    Path repoWithAcceptedAndNewSecret() throws Exception {
        Path origin = tmp.resolve("origin.git");
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        git(tmp, "init", "-q", "--bare", "-b", "main", origin.toString());
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("README.md"), "# app\n");
        Files.writeString(work.resolve("old.env"), "AWS_ACCESS_KEY_ID=" + OLD_KEY_ID + "\n");
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "Start");
        Cli.Run create = Cli.run(work, "baseline", "create", "--report", ".leakgate-baseline.json", ".");
        assertThat(create.exit()).as(create.err()).isZero();
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "Accept existing findings");
        git(work, "remote", "add", "origin", origin.toString());
        git(work, "push", "-q", "origin", "main");
        git(work, "fetch", "-q", "origin");
        git(work, "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("old.env"), "# region eu-west-1\nAWS_ACCESS_KEY_ID=" + OLD_KEY_ID + "\n");
        Files.createDirectories(work.resolve("deploy"));
        Files.writeString(work.resolve("deploy/prod.env"), "AWS_ACCESS_KEY_ID=" + NEW_KEY_ID + "\n");
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "Deploy to prod");
        return work;
    }

    record Run(int exit, String output) {
    }

    /** Runs a script under sh -e, with a {@code java} on PATH that runs the classes under test. */
    Run sh(Path dir, String script, Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path shim = bin.resolve("java");
        Files.writeString(shim, """
                #!/bin/sh
                if [ "$1" = -jar ] && [ "$2" = leakgate.jar ]; then
                  shift 2
                  exec "$REAL_JAVA" -cp "$LEAKGATE_CLASSPATH" io.leakgate.cli.Main "$@"
                fi
                exec "$REAL_JAVA" "$@"
                """);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", "-e", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.remove("LEAKGATE_CONFIG");
        e.put("PATH", bin + java.io.File.pathSeparator + e.getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        e.put("LEAKGATE_CLASSPATH", System.getProperty("java.class.path"));
        e.putAll(new HashMap<>(env));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", Arrays.toString(args), out).isZero();
        return out;
    }
}
