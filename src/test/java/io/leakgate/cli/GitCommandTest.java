package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.source.git.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommandTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";

    @TempDir
    Path dir;

    @Test
    void reportsTheIntroducingCommitOfADeletedKeyInJsonAndExitsOne() throws Exception {
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        TestRepo repo = TestRepo.init(work);
        repo.write("README", "hi\n").commit("start");
        String added = repo.write("Dockerfile", "FROM alpine\nENV AWS_ACCESS_KEY=" + KEY + "\n").commit("add docker");
        repo.write("Dockerfile", "FROM alpine\n").commit("remove key");
        repo.git("mv", "Dockerfile", "Containerfile");
        repo.commit("rename");

        Cli.Run run = Cli.run(work, "git", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode f = report.get("findings").get(0);
        assertThat(report.get("findings")).hasSize(1);
        assertThat(f.get("rule").asText()).isEqualTo("aws-access-key-id");
        assertThat(f.get("path").asText()).isEqualTo("Dockerfile");
        assertThat(f.get("line").asInt()).isEqualTo(2);
        assertThat(f.get("commit").asText()).isEqualTo(added);
        assertThat(f.get("subject").asText()).isEqualTo("add docker");
        assertThat(f.get("author").asText()).isEqualTo("Ada Tester");
        assertThat(f.get("secret").asText()).isEqualTo("AKIAYVP4…ZTGT");
        assertThat(run.out()).doesNotContain(KEY);
    }

    @Test
    void aBareCloneGivesTheSameTextReportWithTheOtherPlacesListed() throws Exception {
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        TestRepo repo = TestRepo.init(work);
        String added = repo.write("a.env", "AWS_ACCESS_KEY_ID=" + KEY + "\n").commit("add");
        String copied = repo.write("b.env", "x\nAWS_ACCESS_KEY_ID=" + KEY + "\n").commit("copy");
        repo.git("clone", "-q", "--bare", work.toString(), dir.resolve("bare.git").toString());

        Cli.Run run = Cli.run(dir, "git", "bare.git", "--quiet");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("a.env:1:").contains("commit " + added.substring(0, 12))
                .contains("also in 1 other place: b.env:2 (" + copied.substring(0, 12) + ")")
                .contains("1 finding");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void findsAKeyInAUtf16PowerShellScriptInHistory() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("deploy.ps1", ("\uFEFF# deploy\r\n$env:AWS_ACCESS_KEY_ID = '" + KEY + "'\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE)).commit("add script");
        repo.write("deploy.ps1", "# deploy\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)).commit("remove");
        Cli.Run run = Cli.run(dir, "git", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("deploy.ps1:2:27");
    }

    @Test
    void readsTheConfigFromTheWorkTree() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write(".leakgate.toml", "[[rules]]\nid = \"house\"\nregex = '''hk_[a-z]{8}'''\nkeywords = [\"hk_\"]\n");
        repo.write("x.txt", "hk_abcdefgh and " + KEY + "\n").commit("one");
        Cli.Run run = Cli.run(dir, "git");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("house").doesNotContain("aws-access-key-id");
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsExitTwo() {
        Cli.Run run = Cli.run(dir, "git", dir.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("leakgate: " + dir + " is not a Git repository");
    }

    @Test
    void anEmptyRepositoryIsCleanAndSaysSo() {
        TestRepo.init(dir);
        Cli.Run run = Cli.run(dir, "git");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).contains("the repository is empty");
        assertThat(run.out()).contains("no secrets found");
    }

    @Test
    void aSha256RepositoryIsExitTwoWithAClearMessage() {
        TestRepo repo = TestRepo.init(dir, "--object-format=sha256");
        repo.write("a.txt", KEY + "\n").commit("one");
        Cli.Run run = Cli.run(dir, "git", ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("SHA256 repositories are not supported").doesNotContain("Exception");
    }

    @Test
    void anUnknownRevisionAndABadDateAreExitTwo() {
        TestRepo repo = TestRepo.init(dir);
        repo.write("a.txt", "x\n").commit("one");
        assertThat(Cli.run(dir, "git", ".", "nope..main").err()).contains("unknown revision 'nope'");
        Cli.Run run = Cli.run(dir, "git", "--since", "yesterday");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--since 'yesterday'");
    }

    @Test
    void verboseTimesEachPhaseAndAPlainRunDoesNot() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("a.txt", "x\n").commit("one");
        Cli.Run verbose = Cli.run(dir, "git", "--verbose", ".");
        assertThat(verbose.exit()).isZero();
        assertThat(verbose.err()).contains("leakgate: walking and diffing commits: ").contains("s of CPU");
        assertThat(Cli.run(dir, "git", ".").err()).doesNotContain("of CPU");
    }

    @Test
    void helpAndUsageErrorsNameTheCommandAsTheUserTypedIt() {
        Cli.Run help = Cli.run(dir, "git", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: leakgate git ").contains("--since-ref");
        Cli.Run bad = Cli.run(dir, "git", "--no-such-option");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Try 'leakgate git --help'");
    }

    @Test
    void sinceRefNamingACommitThisCloneDoesNotHaveSaysSoRatherThanCallingTheRepositoryCorrupt() throws Exception {
        TestRepo.init(dir).write("a", "x\n").commit("one");
        String absent = "1234567890abcdef1234567890abcdef12345678";
        Cli.Run run = Cli.run(dir, "git", "--since-ref", absent, ".");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--since-ref").contains(absent).contains("not in this repository")
                .doesNotContain("corrupt");

        Cli.Run range = Cli.run(dir, "git", ".", absent + "..HEAD");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains(absent).contains("not in this repository").doesNotContain("corrupt");
    }
}
