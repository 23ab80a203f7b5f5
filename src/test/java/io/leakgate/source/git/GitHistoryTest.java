package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import io.leakgate.rules.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistoryTest {
    static final String RULES = """
            [[rules]]
            id = "house-token"
            description = "House token"
            regex = '''\\b(hk_[a-z0-9]{20})\\b'''
            keywords = ["hk_"]
            """;
    static final String T1 = "hk_aaaaaaaaaaaaaaaaaaa1";
    static final String T2 = "hk_bbbbbbbbbbbbbbbbbbb2";
    static final String T3 = "hk_ccccccccccccccccccc3";
    static final String T4 = "hk_ddddddddddddddddddd4";

    @TempDir
    Path dir;

    @BeforeAll
    static void caches() {
        GitHistory.tuneObjectCaches(25L << 20);
    }

    private ScanResult scan(HistoryScope scope, String rules, long maxFileSize) throws LeakgateException {
        try (GitHistory h = GitHistory.open(dir)) {
            return h.scan(scope, new RuleIndex(new ConfigLoader().loadText("test.toml", rules)), 2, maxFileSize,
                    new ScanProgress());
        }
    }

    private ScanResult scan() throws LeakgateException {
        return scan(HistoryScope.all(), RULES, 25L << 20);
    }

    private static List<String> summary(ScanResult r) {
        return r.findings().stream().map(f -> f.rule().id() + " " + f.secret() + " " + f.path() + ":" + f.line() + ":"
                + f.column() + " " + f.provenance() + " " + f.others()).toList();
    }

    private static Finding only(ScanResult r, String secret) {
        List<Finding> f = r.findings().stream().filter(x -> x.secret().equals(secret)).toList();
        assertThat(f).as("findings of " + secret + " in " + r.findings()).hasSize(1);
        return f.get(0);
    }

    @Test
    void findsASecretAddedInOneCommitAndDeletedInTheNext() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("README", "hello\n").commit("start");
        String added = repo.write("app/config.env", "user=me\ntoken=" + T1 + "\n").commit("add config");
        Files.delete(dir.resolve("app/config.env"));
        repo.commit("oops, remove config");

        ScanResult r = scan();
        Finding f = only(r, T1);
        assertThat(f.path()).isEqualTo("app/config.env");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.provenance().commit()).isEqualTo(added);
        assertThat(f.provenance().author()).isEqualTo("Ada Tester");
        assertThat(f.provenance().email()).isEqualTo("ada@example.com");
        assertThat(f.provenance().subject()).isEqualTo("add config");
        assertThat(f.provenance().date()).startsWith("2024-01-01T00:");
        assertThat(f.others()).isEmpty();
        assertThat(r.findings()).hasSize(1);
    }

    @Test
    void attributesASecretFromAMergedBranchToTheBranchCommitNotTheMerge() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("README", "hello\n").commit("start");
        repo.git("checkout", "-q", "-b", "feature");
        String onBranch = repo.write("creds.txt", "key " + T2 + "\n").commit("feature work");
        repo.git("checkout", "-q", "main");
        repo.write("README", "hello again\n").commit("main work");
        repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");

        Finding f = only(scan(), T2);
        assertThat(f.provenance().commit()).isEqualTo(onBranch);
        assertThat(f.others()).isEmpty();
    }

    @Test
    void findsSecretsOnlyOnAnUnmergedBranchAndOnlyInATag() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("README", "hello\n").commit("start");
        repo.git("checkout", "-q", "-b", "wip");
        String wip = repo.write("wip.txt", T3 + "\n").commit("wip");
        repo.git("checkout", "-q", "--detach", "main");
        String tagged = repo.write("release.txt", "x\n" + T4 + "\n").commit("release only");
        repo.git("tag", "-a", "-m", "v1", "v1");
        repo.git("checkout", "-q", "main");

        ScanResult r = scan();
        assertThat(only(r, T3).provenance().commit()).isEqualTo(wip);
        Finding t = only(r, T4);
        assertThat(t.provenance().commit()).isEqualTo(tagged);
        assertThat(t.line()).isEqualTo(2);
    }

    @Test
    void aRenamedFileIsOneFindingAtTheOriginalPathWithTheNewPathListed() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String added = repo.write("old/secrets.env", "a\n" + T1 + "\n").commit("add");
        Files.createDirectories(dir.resolve("new"));
        repo.git("mv", "old/secrets.env", "new/secrets.env");
        String renamed = repo.commit("rename");

        Finding f = only(scan(), T1);
        assertThat(f.path()).isEqualTo("old/secrets.env");
        assertThat(f.provenance().commit()).isEqualTo(added);
        assertThat(f.others()).extracting(Location::path, Location::line, l -> l.provenance().commit())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new/secrets.env", 2, renamed));
        assertThat(f.fingerprint()).isEqualTo(io.leakgate.finding.Fingerprint.of("house-token", "old/secrets.env", T1));
    }

    @Test
    void laterEditsOfTheSameFileDoNotMoveTheIntroducingCommit() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String first = repo.write("x.env", "a\n" + T1 + "\n").commit("add");
        repo.write("x.env", "b\nc\n" + T1 + "\n").commit("edit");
        repo.write("x.env", "b\nc\nd\n" + T1 + "\n").commit("edit again");

        ScanResult r = scan();
        Finding f = only(r, T1);
        assertThat(f.provenance().commit()).isEqualTo(first);
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.others()).isEmpty();
        assertThat(r.targets()).isEqualTo(3);
    }

    @Test
    void theSameBlobInManyCommitsAndPathsIsScannedOnce() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("a.env", T2 + "\n").commit("one");
        repo.write("b.env", T2 + "\n").commit("two");
        for (int i = 0; i < 5; i++) {
            repo.write("n" + i, "n\n").commit("noise " + i);
        }
        ScanResult r = scan();
        Finding f = only(r, T2);
        assertThat(f.path()).isEqualTo("a.env");
        assertThat(f.others()).extracting(Location::path).containsExactly("b.env");
        // one blob for the secret file, one for the identical "n\n" files
        assertThat(r.targets()).isEqualTo(2);
    }

    @Test
    void skipsABlobLargerThanTheLimitAndScansABinaryOne() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        byte[] binary = new byte[3000];
        binary[10] = 0;
        binary[11] = 1;
        byte[] token = (T3 + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(token, 0, binary, 100, token.length);
        repo.write("blob.bin", binary);
        repo.write("big.txt", "x".repeat(200_000) + "\n" + T4 + "\n");
        String c = repo.commit("binary and big");

        ScanResult r = scan(HistoryScope.all(), RULES, 100_000);
        assertThat(only(r, T3).provenance().commit()).isEqualTo(c);
        assertThat(r.findings()).extracting(Finding::secret).doesNotContain(T4);
        assertThat(r.skipped()).extracting(Skipped::path, Skipped::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("big.txt", Skipped.Reason.TOO_LARGE));
    }

    @Test
    void aCommitAllowlistDropsTheSecretOnlyWhereThatCommitIntroducedIt() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String allowed = repo.write("fixture.txt", T1 + "\n").commit("test fixture");
        String later = repo.write("prod.env", T1 + "\n").commit("real use");
        String rules = RULES + "\n[[allowlists]]\ncommits = [\"" + allowed + "\"]\n";

        Finding f = only(scan(HistoryScope.all(), rules, 25L << 20), T1);
        assertThat(f.path()).isEqualTo("prod.env");
        assertThat(f.provenance().commit()).isEqualTo(later);
        assertThat(f.others()).isEmpty();
    }

    @Test
    void aRangeABranchAndADateNarrowTheScan() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String base = repo.write("one.txt", T1 + "\n").commit("one");
        repo.write("two.txt", T2 + "\n").commit("two");
        repo.git("checkout", "-q", "-b", "side");
        repo.write("three.txt", T3 + "\n").commit("three");
        repo.git("checkout", "-q", "main");

        assertThat(scan(new HistoryScope(base + "..main", null, null), RULES, 1 << 20).findings())
                .extracting(Finding::secret).containsExactly(T2);
        assertThat(scan(new HistoryScope(null, "main", null), RULES, 1 << 20).findings())
                .extracting(Finding::secret).containsExactlyInAnyOrder(T1, T2);
        assertThat(scan(new HistoryScope(null, null, Instant.parse("2030-01-01T00:00:00Z")), RULES, 1 << 20)
                .findings()).isEmpty();
        assertThat(scan(HistoryScope.all(), RULES, 1 << 20).findings()).hasSize(3);
        assertThatThrownBy(() -> scan(new HistoryScope("nope..main", null, null), RULES, 1 << 20))
                .isInstanceOf(LeakgateException.class).hasMessageContaining("unknown revision 'nope'");
    }

    @Test
    void aPackedRepositoryWithDeltaChainsGivesTheSameFindingsAsItsLooseObjects() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("line ").append(i).append(" of a file that changes a little every commit\n");
            String body = text + (i % 10 == 3 ? "token " + "hk_" + "e".repeat(18) + (char) ('a' + i / 10) + i % 10 + "\n" : "");
            repo.write("src/app.conf", body);
            repo.write("copy/app-" + (i % 3) + ".conf", body);
            repo.commit("edit " + i);
            if (i == 20) {
                repo.git("checkout", "-q", "-b", "side");
                repo.write("side.txt", T4 + "\n").commit("side");
                repo.git("checkout", "-q", "main");
            }
        }
        ScanResult loose = scan();
        repo.git("repack", "-a", "-d", "-f", "--depth=50", "--window=50");
        repo.git("prune-packed");
        assertThat(Files.list(dir.resolve(".git/objects/pack")).filter(p -> p.toString().endsWith(".pack")))
                .hasSize(1);
        ScanResult packed = scan();

        assertThat(loose.findings()).hasSize(5);
        assertThat(summary(packed)).isEqualTo(summary(loose));
        assertThat(packed.targets()).isEqualTo(loose.targets());
        assertThat(packed.bytes()).isEqualTo(loose.bytes());
        assertThat(packed.skipped()).isEqualTo(loose.skipped());
    }

    @Test
    void aMissingBlobIsReportedAndTheRestIsStillScanned() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("lost.txt", T1 + "\n").write("kept.txt", T2 + "\n").commit("two files");
        String lost = repo.git("rev-parse", "HEAD:lost.txt").strip();
        Files.delete(dir.resolve(".git/objects/" + lost.substring(0, 2) + "/" + lost.substring(2)));

        ScanResult r;
        List<String> notes;
        try (GitHistory h = GitHistory.open(dir)) {
            r = h.scan(HistoryScope.all(), new RuleIndex(new ConfigLoader().loadText("t.toml", RULES)), 2, 1 << 20,
                    new ScanProgress());
            notes = h.notes();
        }
        assertThat(r.findings()).extracting(Finding::secret).containsExactly(T2);
        assertThat(r.skipped()).extracting(Skipped::path, Skipped::reason, Skipped::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lost.txt", Skipped.Reason.MISSING, "blob " + lost));
        assertThat(notes).anyMatch(n -> n.contains("1 blob is missing"));
    }

    @Test
    void aDamagedBlobInAPackIsReportedWithItsIdAndTheRestIsStillScanned() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            noise.append(Integer.toHexString(random.nextInt()));
        }
        repo.write("damaged.txt", noise + "\n" + T1 + "\n").write("kept.txt", T2 + "\n").commit("two files");
        repo.git("repack", "-a", "-d", "-q");
        repo.git("prune-packed");
        String damaged = repo.git("rev-parse", "HEAD:damaged.txt").strip();
        Path pack;
        try (var files = Files.list(dir.resolve(".git/objects/pack"))) {
            pack = files.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        String idx = pack.toString().replace(".pack", ".idx");
        long offset = -1;
        for (String line : runShowIndex(idx).lines().toList()) {
            String[] parts = line.split(" ");
            if (parts[1].equals(damaged)) {
                offset = Long.parseLong(parts[0]);
            }
        }
        assertThat(offset).isPositive();
        pack.toFile().setWritable(true);
        try (var ch = java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}), offset + 40);
        }

        ScanResult r = scan();
        assertThat(r.findings()).extracting(Finding::secret).containsExactly(T2);
        assertThat(r.skipped()).extracting(Skipped::path, Skipped::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("damaged.txt", Skipped.Reason.UNREADABLE));
        assertThat(r.skipped().get(0).detail()).startsWith("blob " + damaged);
    }

    private String runShowIndex(String idx) throws Exception {
        Process p = new ProcessBuilder("git", "show-index").redirectInput(new java.io.File(idx)).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void aMissingTreeIsAnErrorNamingTheObject() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.write("sub/file.txt", "x\n").commit("one");
        String tree = repo.git("rev-parse", "HEAD:sub").strip();
        Files.delete(dir.resolve(".git/objects/" + tree.substring(0, 2) + "/" + tree.substring(2)));

        assertThatThrownBy(this::scan).isInstanceOf(LeakgateException.class).hasMessageContaining(tree);
    }

    @Test
    void aMissingCommitIsAnErrorNamingTheObject() throws Exception {
        TestRepo repo = TestRepo.init(dir);
        String first = repo.write("a.txt", "x\n").commit("one");
        repo.write("b.txt", "y\n").commit("two");
        Files.delete(dir.resolve(".git/objects/" + first.substring(0, 2) + "/" + first.substring(2)));

        assertThatThrownBy(this::scan).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("object " + first + " is missing");
    }

    @Test
    void aShallowCloneIsScannedAndSaysSo() throws Exception {
        Path origin = dir.resolve("origin");
        Files.createDirectories(origin);
        TestRepo repo = TestRepo.init(origin);
        repo.write("old.txt", T1 + "\n").commit("old");
        repo.write("new.txt", T2 + "\n").commit("new");
        Path clone = dir.resolve("clone");
        repo.git("clone", "-q", "--depth", "1", "file://" + origin, clone.toString());

        try (GitHistory h = GitHistory.open(clone)) {
            ScanResult r = h.scan(HistoryScope.all(), new RuleIndex(new ConfigLoader().loadText("t.toml", RULES)), 2,
                    1 << 20, new ScanProgress());
            // the shallow boundary commit holds both files: both are found, introduced there
            assertThat(r.findings()).extracting(Finding::secret).containsExactlyInAnyOrder(T1, T2);
            assertThat(h.notes()).anyMatch(n -> n.startsWith("shallow clone"));
        }
    }
}
