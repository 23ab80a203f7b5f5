package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.hook.git.CatFile;
import io.leakgate.hook.git.GitProcess;
import io.leakgate.hook.git.LoggedCommit;
import io.leakgate.hook.git.RawLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a range of real commits introduces, read through git's own plumbing. */
class PushedCommitsTest {
    @TempDir
    Path tmp;

    @Test
    void listsWhatEachCommitIntroducesOldestFirstWithTheRefThatCarriesIt() throws Exception {
        Git git = new Git(tmp.resolve("home"));
        Path repo = tmp.resolve("repo");
        git.ok(tmp, "init", "-q", repo.toString());
        write(repo, "a.txt", "one\n");
        git.ok(repo, "add", ".");
        git.ok(repo, "commit", "-q", "-m", "root");
        String root = git.ok(repo, "rev-parse", "HEAD");
        git.ok(repo, "checkout", "-q", "-b", "side");
        write(repo, "side.txt", "side\n");
        git.ok(repo, "add", ".");
        git.ok(repo, "commit", "-q", "-m", "side");
        git.ok(repo, "checkout", "-q", "main");
        git.ok(repo, "mv", "a.txt", "renamed.txt");
        git.ok(repo, "commit", "-q", "-m", "rename");
        git.ok(repo, "merge", "-q", "--no-edit", "side");
        write(repo, "gone.txt", "briefly\n");
        git.ok(repo, "add", ".");
        git.ok(repo, "commit", "-q", "-m", "add");
        git.ok(repo, "rm", "-q", "gone.txt");
        git.ok(repo, "commit", "-q", "-m", "delete");
        String main = git.ok(repo, "rev-parse", "main");
        String side = git.ok(repo, "rev-parse", "side");

        GitProcess cli = new GitProcess(repo, "git").withEnv("HOME", tmp.resolve("home").toString())
                .withEnv("GIT_CONFIG_NOSYSTEM", "1");
        List<String> args = RawLog.logCommand("--topo-order", "--reverse");
        args.addAll(List.of(main, "--not", root));
        List<LoggedCommit> commits = new ArrayList<>(RawLog.commits(cli.output(null, args.toArray(String[]::new))));
        assertThat(commits).hasSize(5);
        Collections.reverse(commits); // the order git printed must not matter

        List<Change> changes = PushedCommits.changes(commits,
                List.of(new PushedCommits.Tip(side, "refs/heads/side"), new PushedCommits.Tip(main, "refs/heads/main")));
        List<String> seen = new ArrayList<>();
        for (Change c : changes) {
            seen.add(c.commit().subject() + ":" + c.path() + "@" + c.ref());
        }
        // The merge keeps each side's version, so it introduces nothing; the rename brings its
        // file to a new path; the deleted file was still introduced by the commit that added it.
        assertThat(seen).containsExactlyInAnyOrder("side:side.txt@refs/heads/side",
                "rename:renamed.txt@refs/heads/main", "add:gone.txt@refs/heads/main");
        assertThat(seen.indexOf("add:gone.txt@refs/heads/main"))
                .isGreaterThan(seen.indexOf("rename:renamed.txt@refs/heads/main"));

        try (CatFile objects = CatFile.start(cli)) {
            Change added = changes.get(seen.indexOf("add:gone.txt@refs/heads/main"));
            CatFile.GitObject blob = objects.read(added.blob(), 1 << 20);
            assertThat(new String(blob.content(), StandardCharsets.UTF_8)).isEqualTo("briefly\n");
            assertThat(objects.read(added.blob(), 3).content()).as("over the size limit: not kept").isNull();
            assertThat(objects.read(added.blob(), 3).size()).isEqualTo(8);
            assertThat(objects.read("f".repeat(40), 100)).isNull();
            assertThat(objects.read(main + ":renamed.txt", 100).type()).isEqualTo("blob");
            assertThat(objects.read(main + "^{commit}", 0).id()).isEqualTo(main);
        }
    }

    private static void write(Path repo, String name, String text) throws Exception {
        Files.writeString(repo.resolve(name), text);
    }
}
