package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage help reads like a man page: lines wrap between words, never inside a name. */
class HelpTextTest {
    @TempDir
    Path dir;

    @Test
    void helpWrapsBetweenWordsNeverInsideFileNamesOrRanges() {
        for (String[] command : List.of(new String[] {"scan"}, new String[] {"git"}, new String[] {"baseline", "create"},
                new String[] {"baseline", "prune"}, new String[] {"pre-commit"}, new String[] {"pre-push"},
                new String[] {"pre-receive"}, new String[] {"install"}, new String[] {"image"},
                new String[] {"rules", "list"}, new String[] {"rules", "check"}, new String[0])) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            Cli.Run run = Cli.run(dir, args);
            String name = String.join(" ", command);
            assertThat(run.exit()).as(name).isZero();
            List<String> lines = run.out().lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String line = lines.get(i);
                String next = lines.get(i + 1).strip();
                boolean tableRow = next.matches("[a-z][\\w-]*\\s{2,}.*"); // a command list's next command
                // REF..HEAD cut after its dots
                assertThat(line.matches(".*[^.]\\.\\.") && !next.isEmpty()).as(name + ": " + line + " / " + next)
                        .isFalse();
                // .leakgate.toml cut after "leakgate."
                assertThat(line.matches(".*\\w\\.") && !line.matches(".*\\b(e\\.g|i\\.e)\\.")
                        && next.matches("[a-z].*") && !tableRow).as(name + ": " + line + " / " + next).isFalse();
            }
            // .gitleaks.toml cut after its leading dot (". gitleaks.toml")
            assertThat(run.out().replaceAll("\\s+", " ")).as(name).doesNotContainPattern(" \\. [a-z][\\w-]*\\.\\w");
        }
        Cli.Run scan = Cli.run(dir, "scan", "--help");
        assertThat(scan.out().replaceAll("\\s+", " ")).contains(".leakgate.toml or .gitleaks.toml");
        Cli.Run git = Cli.run(dir, "git", "--help");
        assertThat(git.out()).contains("REF..HEAD");
    }
}
