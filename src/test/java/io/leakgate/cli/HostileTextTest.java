package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.source.git.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and messages from the scanned content never reach a terminal with a control character. */
class HostileTextTest {
    static final String KEY = "AKIAYVP4CIPPOWONZTGT";
    /** Retitles an xterm, clears the screen, rings the bell. */
    static final String TITLE = "\u001b]0;owned\u0007";
    static final String CLEAR = "\u001b[2J";

    @TempDir
    Path dir;

    @Test
    void fileNamesWithEscapesCarriageReturnsAndNewlinesAreEscapedInTheTextAndCsvReports() throws Exception {
        List<String> names = new ArrayList<>(List.of("title" + TITLE + ".env", "clear" + CLEAR + ".env",
                "cr\rhidden.env", "forged\n  fake.env:1:1  critical  nothing-to-see.env", "del\u007f\u009b31m.env"));
        boolean unicodeNames = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
        if (unicodeNames) {
            names.add("invoice\u202Egnp.env");
            names.add("iso\u2067late\u2069\u2028.env");
        }
        for (String name : names) {
            Files.writeString(dir.resolve(name), "AWS_ACCESS_KEY_ID=" + KEY + "\n");
        }

        Cli.Run text = Cli.run(dir, "scan", ".");
        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertNoControls(text.out());
        assertThat(text.out()).contains("title\\x1b]0;owned\\x07.env:1:19").contains("clear\\x1b[2J.env")
                .contains("cr\\x0dhidden.env").contains("forged\\x0a  fake.env:1:1  critical  nothing-to-see.env:1:19")
                .contains("del\\x7f\\x9b31m.env");
        assertThat(text.out().lines()).noneMatch(l -> l.startsWith("  fake.env"));
        if (unicodeNames) {
            assertThat(text.out()).contains("invoice\\u202egnp.env").contains("iso\\u2067late\\u2069\\u2028.env");
        }

        Cli.Run csv = Cli.run(dir, "scan", "-f", "csv", ".");
        assertNoControls(csv.out().replace("\r\n", "\n"));
        assertThat(csv.out()).contains("title\\x1b]0;owned\\x07.env").contains("forged\\x0a  fake.env");

        Cli.Run json = Cli.run(dir, "scan", "-f", "json", ".");
        assertNoControls(json.out());
        List<String> paths = new ObjectMapper().readTree(json.out()).get("findings").findValuesAsText("path");
        assertThat(paths).as("JSON escapes but keeps every name exactly").containsExactlyInAnyOrderElementsOf(names);
        Cli.Run sarif = Cli.run(dir, "scan", "-f", "sarif", ".");
        assertNoControls(sarif.out());
    }

    @Test
    void commitAuthorsAndSubjectsAreEscapedInTheHistoryReport() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("a.env", "AWS_ACCESS_KEY_ID=" + KEY + "\n");
        repo.git("add", "-A");
        repo.git("commit", "-q", "--author", "Mallory" + CLEAR + " <m@example.com>",
                "-m", "Fix" + TITLE + "\rtypo \u202Etxt.exe");
        Cli.Run text = Cli.run(dir, "git", ".");
        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertNoControls(text.out());
        assertThat(text.out()).contains("Mallory\\x1b[2J <m@example.com>")
                .contains("Fix\\x1b]0;owned\\x07\\x0dtypo \\u202etxt.exe");
        Cli.Run csv = Cli.run(dir, "git", "-f", "csv", ".");
        assertNoControls(csv.out().replace("\r\n", "\n"));
        assertThat(csv.out()).contains("Mallory\\x1b[2J");
        JsonNode f = new ObjectMapper().readTree(Cli.run(dir, "git", "-f", "json", ".").out()).get("findings").get(0);
        assertThat(f.get("author").asText()).isEqualTo("Mallory" + CLEAR);
    }

    @Test
    void theCommitHookEscapesAStagedFileName() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("README", "hi\n").commit("start");
        repo.write("x" + CLEAR + "\nremote: all clear.env", "AWS_ACCESS_KEY_ID=" + KEY + "\n");
        repo.git("add", "-A");
        Cli.Run hook = Cli.run(dir, "pre-commit");
        assertThat(hook.exit()).as(hook.err()).isEqualTo(1);
        assertNoControls(hook.err());
        assertThat(hook.err()).contains("x\\x1b[2J\\x0aremote: all clear.env:1:19");
        assertThat(hook.err().lines()).noneMatch(l -> l.startsWith("remote: all clear"));
    }

    /** Only line feeds end lines; nothing else below U+0020, no DEL, C1, bidi control or separator. */
    static void assertNoControls(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || c == 0x061c || c == 0x200e
                    || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x2028
                    || c == 0x2029;
            assertThat(control).as("U+%04X at %d in:%n%s", (int) c, i, out).isFalse();
        }
    }
}
