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
 * The CI examples in README.md, the GitHub Action (action.yml) and the GitLab CI template they use:
 * the YAML parses, the jobs publish the file the scan writes, and their scan scripts run as written
 * against a real repository, with a {@code leakgate} on PATH that runs the classes under test.
 * The CI services themselves are not run.
 */
class CiExamplesTest {
    static final String OLD_KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String NEW_KEY_ID = "AKIAHBMUAPTT2ZN5X2PD";
    static final String HISTORY_KEY_ID = "AKIAM7XNFAOOXK756SVR";
    static final String ZEROS = "0000000000000000000000000000000000000000";
    static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([\\w-]+)\\s*}}");

    static JsonNode github;
    static JsonNode gitlab;
    static JsonNode action;
    static JsonNode template;
    static String version;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readReadmeActionAndTemplate() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        while (m.find()) {
            JsonNode doc = yaml.readTree(m.group(1));
            if (doc.has("jobs")) {
                github = doc;
            } else if (doc.has("include")) {
                gitlab = doc;
            }
        }
        assertThat(github).as("GitHub Actions example in README.md").isNotNull();
        assertThat(gitlab).as("GitLab CI example in README.md").isNotNull();
        action = yaml.readTree(Path.of("action.yml").toFile());
        template = yaml.readTree(Path.of("ci/gitlab/leakgate.gitlab-ci.yml").toFile());
        Matcher v = Pattern.compile("<artifactId>leakgate</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(v.find()).isTrue();
        version = v.group(1);
    }

    @Test
    void githubWorkflowFetchesHistoryAndRunsTheActionAtTheReleaseTagOfThisVersion() {
        assertThat(github.get("permissions").get("security-events").asText()).isEqualTo("write");
        JsonNode steps = github.get("jobs").get("secrets").get("steps");
        assertThat(steps.get(0).get("with").get("fetch-depth").asInt()).isZero();
        assertThat(leakgateStep().get("uses").asText()).isEqualTo("leakgate/leakgate@v" + version);
    }

    @Test
    void theActionTakesArgsConfigAndBaselineAndUploadsTheSarifItWrote() {
        assertThat(action.get("runs").get("using").asText()).isEqualTo("composite");
        assertThat(action.get("inputs").has("args")).isTrue();
        assertThat(action.get("inputs").has("config")).isTrue();
        assertThat(action.get("inputs").has("baseline")).isTrue();
        assertThat(actionStep("Scan").get("run").asText()).contains("--format sarif --report \"$SARIF\"");
        assertThat(actionStep("Scan").get("env").get("SARIF").asText()).isEqualTo("${{ inputs.sarif }}");
        JsonNode upload = null;
        for (JsonNode s : action.get("runs").get("steps")) {
            if (s.path("uses").asText().startsWith("github/codeql-action/upload-sarif")) {
                upload = s;
            }
        }
        assertThat(upload).isNotNull();
        assertThat(upload.get("with").get("sarif_file").asText()).isEqualTo("${{ inputs.sarif }}");
        assertThat(upload.get("if").asText()).contains("always()");
    }

    @Test
    void theActionPutsTheLauncherAndAGivenJarOnPath() throws Exception {
        Path jar = Files.writeString(tmp.resolve("given.jar"), "a jar");
        Path runnerTemp = Files.createDirectories(tmp.resolve("runner"));
        Path githubPath = tmp.resolve("github-path");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", actionStep("Get leakgate").get("run").asText())
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("ACTION_PATH", Path.of("").toAbsolutePath().toString(), "ACTION_REPOSITORY",
                "leakgate/leakgate", "ACTION_REF", "v" + version, "VERSION", "", "JAR", jar.toString(),
                "RUNNER_TEMP", runnerTemp.toString(), "GITHUB_PATH", githubPath.toString()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path dir = runnerTemp.resolve("leakgate");
        assertThat(Files.readString(githubPath).strip()).isEqualTo(dir.toString());
        assertThat(dir.resolve("leakgate.jar")).hasContent("a jar");
        assertThat(dir.resolve("leakgate")).hasSameTextualContentAs(Path.of("hooks/leakgate"));
        assertThat(Files.isExecutable(dir.resolve("leakgate"))).isTrue();
    }

    @Test
    void gitlabExampleIncludesTheTemplateAtTheReleaseTagOfThisVersion() {
        assertThat(gitlab.get("include").get(0).get("remote").asText())
                .isEqualTo("https://raw.githubusercontent.com/leakgate/leakgate/v" + version
                        + "/ci/gitlab/leakgate.gitlab-ci.yml");
        assertThat(template.get("leakgate").get("extends").asText()).isEqualTo(".leakgate");
        assertThat(template.get(".leakgate").get("variables").get("LEAKGATE_IMAGE").asText())
                .isEqualTo("ghcr.io/leakgate/leakgate:v" + version);
    }

    @Test
    void gitlabTemplateFetchesHistoryAndPublishesTheJunitItWrote() {
        JsonNode job = template.get(".leakgate");
        assertThat(job.get("variables").get("GIT_DEPTH").asText()).isEqualTo("0");
        assertThat(gitlabScript()).contains("--format junit --report leakgate-junit.xml");
        assertThat(job.get("artifacts").get("reports").get("junit").asText()).isEqualTo("leakgate-junit.xml");
        assertThat(job.get("artifacts").get("when").asText()).isEqualTo("always");
    }

    @Test
    void theActionsArgsRunAFileScanWithTheBaselineIntoSarif() throws Exception {
        Path work = repoWithAcceptedAndNewSecret();
        Run run = github(work, Map.of("args", "scan ."), Map.of());
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("github-output"))).contains("exit-code=1");
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void theActionsConfigInputReachesLeakgateAsItsConfigOption() throws Exception {
        Path work = repoWithAcceptedAndNewSecret();
        Run run = github(work, Map.of("config", "team-rules.toml"), Map.of());
        assertThat(run.exit).as(run.output).isEqualTo(2);
        assertThat(run.output).contains("team-rules.toml");
        assertThat(Files.readString(tmp.resolve("github-output"))).contains("exit-code=2");
    }

    @Test
    void githubScanStepOnAPullRequestReportsOnlyWhatTheBranchAdds() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        String base = git(work, "rev-parse", "main").strip();
        Run run = github(work, Map.of(), Map.of("github.event.pull_request.base.sha", base));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void githubScanStepOnANewBranchPushScansTheWholeHistoryWithTheBaseline() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = github(work, Map.of(), Map.of("github.event.before", ZEROS));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void githubScanStepAfterAForcePushScansTheWholeHistory() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = github(work, Map.of(), Map.of("github.event.before", "1234567890abcdef1234567890abcdef12345678"));
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).doesNotContain("fatal:");
        checkSarif(work.resolve("leakgate.sarif"));
    }

    @Test
    void gitlabScriptInABranchPipelineAfterAForcePushScansTheWholeHistory() throws Exception {
        assumeGitCommand();
        Path work = repoWithAcceptedAndNewSecret();
        Run run = gitlab(work, Map.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", "",
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
        Run run = gitlab(work, Map.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", base, "CI_COMMIT_BEFORE_SHA", ""));
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
        Map<String, String> newBranch = Map.of("github.event.before", ZEROS);
        Run before = github(work, Map.of(), newBranch);
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
        Run after = github(work, Map.of(), newBranch);
        assertThat(after.exit).as(after.output).isEqualTo(1);
        checkSarif(work.resolve("leakgate.sarif")); // only the key the branch adds
    }

    /** The README workflow's step that uses the action. */
    static JsonNode leakgateStep() {
        for (JsonNode s : github.get("jobs").get("secrets").get("steps")) {
            if (s.path("uses").asText().startsWith("leakgate/leakgate@")) {
                return s;
            }
        }
        throw new AssertionError("no step in the GitHub example uses leakgate/leakgate");
    }

    static JsonNode actionStep(String name) {
        for (JsonNode s : action.get("runs").get("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step '" + name + "' in action.yml");
    }

    /**
     * Runs the action's scan step as the README's workflow configures it ({@code with} overriding
     * it), with {@code context} giving the values of the workflow's {@code github.*} expressions.
     */
    Run github(Path work, Map<String, String> with, Map<String, String> context) throws Exception {
        JsonNode step = actionStep("Scan");
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_OUTPUT", tmp.resolve("github-output").toString());
        step.get("env").fields().forEachRemaining(e -> {
            Matcher m = INPUT.matcher(e.getValue().asText());
            assertThat(m.matches()).as(e.getKey()).isTrue();
            String input = m.group(1);
            String value = with.containsKey(input) ? with.get(input)
                    : leakgateStep().path("with").has(input) ? leakgateStep().get("with").get(input).asText()
                    : action.get("inputs").get(input).get("default").asText();
            env.put(e.getKey(), evaluate(value, context));
        });
        return sh(work, step.get("run").asText(), env);
    }

    /** A workflow expression such as {@code ${{ a || b }}}: the first of its names with a value. */
    static String evaluate(String value, Map<String, String> context) {
        Matcher m = Pattern.compile("\\$\\{\\{(.*)}}").matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        for (String name : m.group(1).split("\\|\\|")) {
            String v = context.getOrDefault(name.strip(), "");
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** Runs the GitLab template's script with its variables and the pipeline's {@code ci} ones. */
    Run gitlab(Path work, Map<String, String> ci) throws Exception {
        Map<String, String> env = new HashMap<>();
        template.get(".leakgate").get("variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.putAll(ci);
        return sh(work, gitlabScript(), env);
    }

    static String gitlabScript() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode line : template.get(".leakgate").get("script")) {
            sb.append(line.asText()).append('\n');
        }
        return sb.toString();
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

    /** Runs a script under sh -e, with a {@code leakgate} on PATH that runs the classes under test. */
    Run sh(Path dir, String script, Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path shim = bin.resolve("leakgate");
        Files.writeString(shim, """
                #!/bin/sh
                exec "$REAL_JAVA" -XX:TieredStopAtLevel=1 -cp "$LEAKGATE_CLASSPATH" io.leakgate.cli.Main "$@"
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
