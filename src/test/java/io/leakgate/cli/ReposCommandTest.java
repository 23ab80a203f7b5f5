package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.report.SarifSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leakgate repos} over fifty repositories with the default SQLite datastore, then report and triage. */
class ReposCommandTest {
    private static final Pattern BLOBS_READ = Pattern.compile("blobs read: (\\d+) ");
    private static final Pattern RECALLED = Pattern.compile("blobs recalled: (\\d+);");

    @TempDir
    static Path shared;

    static FleetFixture fleet;
    /** The first run, one repository at a time, into {@code first/leakgate.db}. */
    static Cli.Run first;
    static Path firstDir;

    @BeforeAll
    static void scanTheFleetOnce() throws Exception {
        fleet = FleetFixture.create(Files.createDirectories(shared.resolve("fleet")));
        firstDir = Files.createDirectories(shared.resolve("first"));
        first = Cli.run(firstDir, "repos", "--jobs", "1", fleet.list.toString());
    }

    @Test
    void firstRunRecordsEveryRepositoryReadsSharedBlobsOnceAndNamesTheMissingOne() throws Exception {
        assertThat(first.exit()).as(first.err()).isEqualTo(2);
        assertThat(first.err()).contains("failed: " + fleet.missing() + ": ").contains("no such directory");
        assertThat(first.err()).contains("50 repositories");
        Path db = firstDir.resolve("leakgate.db");
        assertThat(Files.getPosixFilePermissions(db)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // forks and bare clones share their origins' blobs: each distinct blob is read once
        assertThat(count(BLOBS_READ, first.err())).isEqualTo(fleet.uniqueBlobs().size());
        assertThat(findingsPerRepository(db)).isEqualTo(withoutEmpty(fleet.expected));
        try (Connection c = sqlite(db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT repository, status, reason FROM scan")) {
            Map<String, String> status = new TreeMap<>();
            while (r.next()) {
                status.put(r.getString(1), r.getString(2));
                if (r.getString(1).equals(fleet.missing())) {
                    assertThat(r.getString(3)).contains("no such directory");
                }
            }
            assertThat(status).hasSize(50).containsEntry(fleet.missing(), "failed");
            assertThat(status.values()).containsOnly("done", "failed");
        }
    }

    @Test
    void secondRunReadsNoBlobAndOtherRulesReadThemAllAgain() throws Exception {
        Path dir = copyOfFirst("second");
        Cli.Run again = Cli.run(dir, "repos", fleet.list.toString());
        assertThat(again.exit()).as(again.err()).isEqualTo(2);
        assertThat(count(BLOBS_READ, again.err())).as(again.err()).isZero();
        assertThat(count(RECALLED, again.err())).isGreaterThanOrEqualTo(fleet.uniqueBlobs().size());
        assertThat(findingsPerRepository(dir.resolve("leakgate.db"))).isEqualTo(withoutEmpty(fleet.expected));

        Path rules = dir.resolve("rules.toml");
        Files.writeString(rules, "[[rules]]\nid = \"test-aws-key\"\ndescription = \"An AWS key id\"\n"
                + "regex = '''AKIA[A-Z2-7]{16}'''\nkeywords = [\"akia\"]\n");
        Cli.Run otherRules = Cli.run(dir, "repos", "--jobs", "1", "--config", rules.toString(), fleet.list.toString());
        assertThat(otherRules.exit()).as(otherRules.err()).isEqualTo(2);
        assertThat(count(BLOBS_READ, otherRules.err())).isEqualTo(fleet.uniqueBlobs().size());
        JsonNode report = json(Cli.run(dir, "report", "--format", "json").out());
        assertThat(report.get("findings")).hasSize(fleet.totalFindings());
        assertThat(report.get("findings").findValuesAsText("rule")).containsOnly("test-aws-key");
    }

    @Test
    void triageStatusSurvivesARescanAndDecidesTheExitCode() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("triage"));
        Path small = dir.resolve("small.txt");
        Files.writeString(small, fleet.root.resolve("base/r00") + "\n" + fleet.root.resolve("base/r04") + "\n"
                + fleet.root.resolve("base/r01") + "\n");
        Cli.Run scan = Cli.run(dir, "repos", small.toString());
        assertThat(scan.exit()).as(scan.err()).isEqualTo(1);
        assertThat(scan.err()).contains("open findings: 2;");
        List<String> fingerprints = json(Cli.run(dir, "report", "--format", "json").out()).get("findings")
                .findValuesAsText("fingerprint");
        assertThat(fingerprints).hasSize(2).allMatch(f -> f.startsWith("ds1-"));

        Cli.Run accepted = Cli.run(dir, "triage", fingerprints.get(0), "--status", "accepted", "--comment", "rotated");
        assertThat(accepted.exit()).as(accepted.err()).isZero();
        Cli.Run unknown = Cli.run(dir, "triage", "ds1-00000000000000000000000000000000", "--status", "accepted");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no finding with fingerprint");
        Cli.Run wrongStatus = Cli.run(dir, "triage", fingerprints.get(1), "--status", "fixed");
        assertThat(wrongStatus.exit()).isEqualTo(2);
        assertThat(wrongStatus.err()).contains("expected open, accepted, false-positive or revoked");

        Cli.Run stillOpen = Cli.run(dir, "repos", small.toString());
        assertThat(stillOpen.exit()).as(stillOpen.err()).isEqualTo(1);
        assertThat(stillOpen.err()).contains("open findings: 1;");
        assertThat(Cli.run(dir, "repos", "--exit-code", "0", small.toString()).exit()).isZero();
        assertThat(Cli.run(dir, "triage", fingerprints.get(1), "--status", "false-positive").exit()).isZero();

        Cli.Run rescan = Cli.run(dir, "repos", small.toString());
        assertThat(rescan.exit()).as(rescan.err()).isZero();
        JsonNode report = json(Cli.run(dir, "report", "--format", "json").out());
        Map<String, String> statuses = new HashMap<>();
        report.get("findings").forEach(f -> statuses.put(f.get("fingerprint").asText(),
                f.get("attributes").get("status").asText()));
        assertThat(statuses).containsEntry(fingerprints.get(0), "accepted")
                .containsEntry(fingerprints.get(1), "false-positive");
        assertThat(json(Cli.run(dir, "report", "--format", "json", "--status", "open").out()).get("findings")).isEmpty();
    }

    @Test
    void reportWritesJsonSarifAndCsvAcrossRepositoriesAndFilters() throws Exception {
        Path dir = copyOfFirst("report");
        JsonNode all = json(Cli.run(dir, "report", "--format", "json").out());
        assertThat(all.get("findings")).hasSize(fleet.totalFindings());
        for (JsonNode f : all.get("findings")) {
            assertThat(f.get("secret").asText()).contains("…").doesNotMatch("AKIA[A-Z2-7]{16}");
            assertThat(f.get("attributes").get("status").asText()).isEqualTo("open");
            assertThat(fleet.expected).containsKey(f.get("attributes").get("repository").asText());
            assertThat(f.get("commit").asText()).hasSize(40);
        }

        Path sarif = dir.resolve("report.sarif");
        Cli.Run s = Cli.run(dir, "report", "--format", "sarif", "-o", sarif.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(SarifSchema.assertValid(Files.readString(sarif)).get("runs").get(0).get("results"))
                .hasSize(fleet.totalFindings());

        String csv = Cli.run(dir, "report", "--format", "csv").out();
        List<String> rows = new ArrayList<>(csv.lines().toList());
        assertThat(rows.get(0)).startsWith("rule,");
        assertThat(rows).hasSize(fleet.totalFindings() + 1);

        String fork = fleet.root.resolve("forks/f00").toRealPath().toString();
        JsonNode one = json(Cli.run(dir, "report", "--format", "json", "--repo", fork).out());
        assertThat(one.get("findings")).hasSize(2);
        assertThat(json(Cli.run(dir, "report", "--format", "json", "--rule", "no-such-rule").out()).get("findings")).isEmpty();
        assertThat(json(Cli.run(dir, "report", "--format", "json", "--severity", "critical").out()).get("findings"))
                .hasSize(fleet.totalFindings());
        assertThat(json(Cli.run(dir, "report", "--format", "json", "--since", "2999-01-01").out()).get("findings")).isEmpty();
        Cli.Run missing = Cli.run(dir, "report", "--datastore", dir.resolve("nope.db").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such datastore file");
    }

    @Test
    void aBlobRecalledUnderPathsTheRulesTellApartIsScannedAgainThere() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("classes"));
        String content = "token = " + FleetFixture.key(7) + "\n";
        io.leakgate.source.git.TestRepo.init(dir.resolve("a-plain")).write("notes.txt", content).commit("notes");
        io.leakgate.source.git.TestRepo.init(dir.resolve("b-env")).write("deploy.env", content).commit("deploy");
        Path rules = dir.resolve("rules.toml");
        Files.writeString(rules, "[[rules]]\nid = \"env-aws-key\"\ndescription = \"An AWS key id in a .env file\"\n"
                + "regex = '''AKIA[A-Z2-7]{16}'''\nkeywords = [\"akia\"]\npath = '''\\.env$'''\n");

        Cli.Run run = Cli.run(dir, "repos", "--jobs", "1", "--config", rules.toString(),
                dir.resolve("a-plain").toString(), dir.resolve("b-env").toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        // the same blob, read under notes.txt (no finding there) and again under deploy.env
        assertThat(count(BLOBS_READ, run.err())).isEqualTo(2);
        JsonNode findings = json(Cli.run(dir, "report", "--format", "json").out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("path").asText()).isEqualTo("deploy.env");
    }

    private static Path copyOfFirst(String name) throws Exception {
        Path dir = Files.createDirectories(shared.resolve(name));
        for (String f : new String[] {"leakgate.db", "leakgate.db-wal", "leakgate.db-shm"}) {
            if (Files.exists(firstDir.resolve(f))) {
                Files.copy(firstDir.resolve(f), dir.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir;
    }

    private static Map<String, Integer> findingsPerRepository(Path db) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = sqlite(db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT repository, COUNT(*) FROM finding GROUP BY repository")) {
            while (r.next()) {
                out.put(r.getString(1), r.getInt(2));
            }
        }
        return out;
    }

    static Map<String, Integer> withoutEmpty(Map<String, Integer> expected) {
        Map<String, Integer> out = new TreeMap<>(expected);
        out.values().removeIf(n -> n == 0);
        return out;
    }

    private static Connection sqlite(Path db) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    static long count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
