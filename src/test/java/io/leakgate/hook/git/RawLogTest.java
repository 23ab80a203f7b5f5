package io.leakgate.hook.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** git's raw diff output, byte for byte as {@code git log -z --raw -c} and {@code git diff --raw -z} print it. */
class RawLogTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);
    private static final String Z = "0".repeat(40);

    @Test
    void readsCommitsWithTheirIntroducedFiles() throws Exception {
        String out = header("1".repeat(40), "", "Dev Eloper", "2026-01-02T03:04:05+01:00", "first")
                + "\n:000000 100644 " + Z + " " + A + " A\0docs/read me.txt\0"
                + ":000000 120000 " + Z + " " + B + " A\0link\0"
                + ":000000 160000 " + Z + " " + C + " A\0vendor/sub\0"
                + header("2".repeat(40), "1".repeat(40), "Dev Eloper", "2026-01-02T04:00:00+00:00", "second")
                + "\n:100644 000000 " + A + " " + Z + " D\0docs/read me.txt\0"
                + ":100644 100755 " + B + " " + C + " M\0caf\u00e9\nline.sh\0";
        List<LoggedCommit> commits = RawLog.commits(out.getBytes(StandardCharsets.UTF_8));

        assertThat(commits).hasSize(2);
        LoggedCommit first = commits.get(0);
        assertThat(first.parents()).isEmpty();
        assertThat(first.files()).containsExactly(
                new FileChange("docs/read me.txt", A, List.of()), new FileChange("link", B, List.of()));
        assertThat(first.provenance().date()).isEqualTo("2026-01-02T03:04:05+01:00");
        LoggedCommit second = commits.get(1);
        assertThat(second.parents()).containsExactly("1".repeat(40));
        assertThat(second.files()).containsExactly(new FileChange("caf\u00e9\nline.sh", C, List.of(B)));
        assertThat(second.provenance().date()).isEqualTo("2026-01-02T04:00:00Z");
        assertThat(second.provenance().subject()).isEqualTo("second");
    }

    @Test
    void readsMergesCombinedWithOneBlobPerParent() throws Exception {
        String out = header("3".repeat(40), "1".repeat(40) + " " + "2".repeat(40), "M", "2026-01-01T00:00:00+00:00", "merge")
                + "\n::100644 000000 100644 " + A + " " + Z + " " + C + " MA\0both.txt\0"
                + header("4".repeat(40), "3".repeat(40), "M", "2026-01-01T00:00:00+00:00", "empty");
        List<LoggedCommit> commits = RawLog.commits(out.getBytes(StandardCharsets.UTF_8));

        assertThat(commits.get(0).parents()).hasSize(2);
        assertThat(commits.get(0).files()).containsExactly(new FileChange("both.txt", C, List.of(A)));
        assertThat(commits.get(1).files()).isEmpty();
    }

    @Test
    void readsStagedChangesOfGitDiff() throws Exception {
        String out = ":100644 100644 " + A + " " + B + " M\0a.txt\0"
                + ":100644 000000 " + A + " " + Z + " U\0conflict.txt\0"
                + ":000000 100644 " + Z + " " + C + " A\0new.txt\0";
        assertThat(RawLog.changes(out.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new FileChange("a.txt", B, List.of(A)), new FileChange("new.txt", C, List.of()));
    }

    @Test
    void rejectsOutputItCannotRead() {
        assertThatThrownBy(() -> RawLog.commits("commit abc\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LeakgateException.class);
        assertThatThrownBy(() -> RawLog.changes(":100644 A\0x\0".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LeakgateException.class);
    }

    private static String header(String id, String parents, String author, String date, String subject) {
        return "\u0001" + id + "\0" + parents + "\0" + author + "\0dev@example.test\0" + date + "\0" + subject + "\0";
    }
}
