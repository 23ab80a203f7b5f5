package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs written to hurt, the way no git writes them: deltas that name themselves or each other,
 * chains deeper than any git writes, headers that never end, sizes no object has, a pack cut
 * short. Each run of {@code leakgate git} ends, with a clear error or a listed skip.
 */
@Timeout(180)
class HostilePackTest {
    private static final byte[] HELLO = "hello, world\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** A one-commit repository with its objects loose. */
    private TestRepo repo() {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("config/app.env", HELLO).commit("first");
        return repo;
    }

    private static ObjectId id(TestRepo repo, String rev) {
        return ObjectId.fromString(repo.git("rev-parse", rev).strip());
    }

    /** Removes {@code id}'s loose copy, so that only a crafted pack can provide it. */
    private static void unloose(TestRepo repo, ObjectId id) throws IOException {
        Files.delete(repo.dir().resolve(".git/objects/" + id.name().substring(0, 2) + "/" + id.name().substring(2)));
    }

    private static Path packDir(TestRepo repo) {
        return repo.dir().resolve(".git/objects/pack");
    }

    private static void assertClearError(Cli.Run run, String... mentions) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("leakgate: ").doesNotContain("internal error").doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
        if (mentions.length > 0) {
            assertThat(run.err()).contains(mentions);
        }
    }

    @Test
    void aBlobWhoseDeltaNamesItselfByOffsetIsExitTwoNamingThePackAndTheObject() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        String pack = new CraftedPack().ofsDelta(blob, 0, CraftedPack.insertDelta(HELLO.length, HELLO))
                .writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", blob.name(), "itself");
    }

    @Test
    void aBlobWhoseDeltaNamesItselfByIdIsExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        String pack = new CraftedPack().refDelta(blob, blob, CraftedPack.insertDelta(HELLO.length, HELLO))
                .writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", blob.name(), "itself");
    }

    @Test
    void twoDeltasNamingEachOtherAreExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        ObjectId other = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
        unloose(repo, blob);
        String pack = new CraftedPack()
                .refDelta(other, blob, CraftedPack.insertDelta(HELLO.length, HELLO))
                .refDelta(blob, other, CraftedPack.insertDelta(HELLO.length, HELLO))
                .writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", "loops");
    }

    @Test
    void aCommitAndATreeWhoseDeltasNameThemselvesAreExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId commit = id(repo, "HEAD");
        unloose(repo, commit);
        String pack = new CraftedPack().ofsDelta(commit, 0, CraftedPack.insertDelta(10, HELLO)).writeTo(packDir(repo));
        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", commit.name());

        TestRepo second = TestRepo.init(dir.resolve("second"));
        second.write("a.txt", HELLO).commit("first");
        ObjectId tree = id(second, "HEAD^{tree}");
        unloose(second, tree);
        String treePack = new CraftedPack().refDelta(tree, tree, CraftedPack.insertDelta(10, HELLO))
                .writeTo(packDir(second));
        assertClearError(Cli.run(dir, "git", "-q", second.dir().toString()), treePack + ".pack", tree.name());
    }

    @Test
    void aDeltaChainDeeperThanAnyGitWritesIsExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        CraftedPack chain = new CraftedPack();
        long previous = chain.nextOffset();
        chain.whole(ObjectId.fromString("00000000000000000000000000000000000000ff"), CraftedPack.BLOB, HELLO);
        for (int i = 1; i <= 10_001; i++) {
            long at = chain.nextOffset();
            ObjectId id = i == 10_001 ? blob : ObjectId.fromString(String.format("%040x", 0x1000 + i));
            chain.ofsDelta(id, at - previous, CraftedPack.insertDelta(HELLO.length, HELLO));
            previous = at;
        }
        String pack = chain.writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", blob.name(), "deeper");
    }

    @Test
    void aSizeHeaderThatNeverEndsIsExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        byte[] header = new byte[40];
        java.util.Arrays.fill(header, (byte) 0xff);
        header[0] = (byte) (0x80 | CraftedPack.BLOB << 4);
        String pack = new CraftedPack().raw(blob, CraftedPack.concat(header, CraftedPack.deflate(HELLO)))
                .writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", blob.name());
    }

    @Test
    void aSizeNoObjectHasEndsTheScanWithTheBlobListedAsSkipped() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        new CraftedPack().raw(blob, CraftedPack.concat(CraftedPack.header(CraftedPack.BLOB, 1L << 40),
                CraftedPack.deflate(HELLO))).writeTo(packDir(repo));

        Cli.Run run = Cli.run(dir, "git", "-q", repo.dir().toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("config/app.env").contains("skipped");
    }

    @Test
    void aPackCutShortIsExitTwo() throws Exception {
        TestRepo repo = repo();
        for (int i = 0; i < 20; i++) {
            repo.write("f" + i + ".txt", "content " + i + "\n").commit("c" + i);
        }
        repo.git("repack", "-a", "-d", "-q");
        repo.git("prune-packed");
        Path pack;
        try (Stream<Path> files = Files.list(packDir(repo))) {
            pack = files.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        Files.write(pack, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Cli.Run run = Cli.run(dir, "git", "-q", repo.dir().toString());

        assertClearError(run);
    }

    /** A repository whose one blob, {@code config/app.env}, is only in the pack {@code pack} builds from its id. */
    private TestRepo packedOnly(java.util.function.Function<ObjectId, CraftedPack> pack) throws IOException {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        pack.apply(blob).writeTo(packDir(repo));
        return repo;
    }

    private static final ObjectId BASE = ObjectId.fromString("00000000000000000000000000000000000000ba");

    /** A delta of {@code HELLO} whose instructions are {@code body}, after sizes {@code baseSize} and {@code resultSize}. */
    private static byte[] delta(int baseSize, int resultSize, int... body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(baseSize);
        out.write(resultSize);
        for (int b : body) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static void assertSkippedAsDamaged(Cli.Run run, String... mentions) {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).contains("skipped config/app.env", "could not be read", "damaged in its pack")
                .contains("scanned 0 files").contains(mentions);
    }

    @Test
    void aDeltaWhoseBaseComesLaterInThePackIsReadAndScanned() throws Exception {
        String secret = "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n";
        byte[] base = secret.getBytes(StandardCharsets.UTF_8);
        byte[] copyAll = delta(base.length, base.length, 0x90, base.length);
        TestRepo repo = packedOnly(blob -> new CraftedPack().refDelta(blob, BASE, copyAll)
                .whole(BASE, CraftedPack.BLOB, base));

        Cli.Run run = Cli.run(dir, "git", "-q", repo.dir().toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("config/app.env:1:").contains("aws-access-key-id");
    }

    @Test
    void aDeltaWhoseBaseDistanceLandsInsideAnotherObjectIsExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        CraftedPack pack = new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO);
        // one byte past the base's start: inside its header and data, where no object starts
        pack.ofsDelta(blob, pack.nextOffset() - 12 - 1, CraftedPack.insertDelta(HELLO.length, HELLO));
        String name = pack.writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), name + ".pack", blob.name(),
                "no object starts");
    }

    @Test
    void aDeltaThatCopiesBeyondItsBaseEndsWithTheBlobListedAsSkipped() throws Exception {
        // copy 13 bytes from offset 8 of a 13-byte base
        TestRepo repo = packedOnly(blob -> new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO)
                .refDelta(blob, BASE, delta(HELLO.length, HELLO.length, 0x91, 8, HELLO.length)));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()),
                "delta copies outside its base");
    }

    @Test
    void aDeltaWithAnInsertOfZeroBytesEndsWithTheBlobListedAsSkipped() throws Exception {
        TestRepo repo = packedOnly(blob -> new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO)
                .refDelta(blob, BASE, delta(HELLO.length, 1, 0, 1, 'x')));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()),
                "delta has a reserved instruction");
    }

    @Test
    void aDeltaWhoseInstructionsMakeFewerBytesThanItsHeaderSaysEndsWithTheBlobListedAsSkipped() throws Exception {
        TestRepo repo = packedOnly(blob -> new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO)
                .refDelta(blob, BASE, delta(HELLO.length, 20, 0x90, 5)));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()), "delta result is 5 bytes, expected 20");
    }

    @Test
    void aDeltaForABaseOfAnotherSizeEndsWithTheBlobListedAsSkipped() throws Exception {
        TestRepo repo = packedOnly(blob -> new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO)
                .refDelta(blob, BASE, delta(HELLO.length + 1, HELLO.length, 0x90, HELLO.length)));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()),
                "delta expects a base of 14 bytes, got 13");
    }

    @Test
    void aDeltaCutShortInsideACopyInstructionEndsWithTheBlobListedAsSkipped() throws Exception {
        // the instruction announces four offset bytes and a length byte; the delta ends after one
        TestRepo repo = packedOnly(blob -> new CraftedPack().whole(BASE, CraftedPack.BLOB, HELLO)
                .refDelta(blob, BASE, delta(HELLO.length, HELLO.length, 0x9f, 0)));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()),
                "delta ends inside an instruction");
    }

    @Test
    void aSizeHeaderOfMoreThanSixtyFourBitsIsExitTwo() throws Exception {
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        unloose(repo, blob);
        // four bits, eight groups of seven, then a last group of seven: 67 bits, and the header ends
        byte[] header = new byte[10];
        java.util.Arrays.fill(header, (byte) 0xff);
        header[0] = (byte) (0x80 | CraftedPack.BLOB << 4 | 0x0f);
        header[9] = 0x7f;
        String pack = new CraftedPack().raw(blob, CraftedPack.concat(header, CraftedPack.deflate(HELLO)))
                .writeTo(packDir(repo));

        assertClearError(Cli.run(dir, "git", "-q", repo.dir().toString()), pack + ".pack", blob.name(), "64 bits");
    }

    @Test
    void aThinPackWhoseDeltaBaseIsOutsideThePackEndsWithTheBlobListedAsSkipped() throws Exception {
        // git too reads a delta's base only from the delta's own pack: index-pack --fix-thin
        // completes a thin pack before it joins a repository
        TestRepo repo = repo();
        ObjectId blob = id(repo, "HEAD:config/app.env");
        byte[] base = "another blob\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("base.txt"), base);
        ObjectId loose = ObjectId.fromString(repo.git("hash-object", "-w", dir.resolve("base.txt").toString()).strip());
        unloose(repo, blob);
        new CraftedPack().refDelta(blob, loose, CraftedPack.insertDelta(base.length, HELLO)).writeTo(packDir(repo));

        assertSkippedAsDamaged(Cli.run(dir, "git", "-q", repo.dir().toString()), "not reached from a full object");
    }

    @Test
    void aChainWithABlobForkingOffAtEveryLevelIsScannedWithoutHoldingEveryLevel() throws Exception {
        // every level of the chain is 40 MiB (a delta of a few KB copying its base), and a small
        // blob is a delta of each level: kept all at once, the levels would need 8 GiB
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        int levels = 200;
        int size = 40 << 20;
        CraftedPack pack = new CraftedPack();
        long previous = pack.nextOffset();
        pack.whole(ObjectId.fromString(String.format("%040x", 1)), CraftedPack.BLOB, new byte[size]);
        byte[] level = CraftedPack.copyDelta(size);
        org.eclipse.jgit.lib.TreeFormatter tree = new org.eclipse.jgit.lib.TreeFormatter();
        for (int i = 1; i <= levels; i++) {
            long chainAt = pack.nextOffset();
            pack.ofsDelta(ObjectId.fromString(String.format("%040x", 0x10000 + i)), chainAt - previous, level);
            previous = chainAt;
            ObjectId leaf = ObjectId.fromString(String.format("%040x", 0x20000 + i));
            byte[] text = ("leaf " + i + "\n").getBytes(StandardCharsets.UTF_8);
            pack.ofsDelta(leaf, pack.nextOffset() - chainAt, CraftedPack.insertDelta(size, text));
        }
        java.util.TreeMap<String, ObjectId> names = new java.util.TreeMap<>();
        for (int i = 1; i <= levels; i++) {
            names.put(String.format("leaf%03d.txt", i), ObjectId.fromString(String.format("%040x", 0x20000 + i)));
        }
        names.forEach((name, id) -> tree.append(name, org.eclipse.jgit.lib.FileMode.REGULAR_FILE, id));
        pack.writeTo(packDir(repo));
        try (org.eclipse.jgit.lib.Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(repo.dir().resolve(".git").toFile()).build();
                org.eclipse.jgit.lib.ObjectInserter ins = r.newObjectInserter()) {
            org.eclipse.jgit.lib.CommitBuilder commit = new org.eclipse.jgit.lib.CommitBuilder();
            commit.setTreeId(ins.insert(tree));
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("Ada", "ada@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("leaves\n");
            ObjectId c = ins.insert(commit);
            ins.flush();
            org.eclipse.jgit.lib.RefUpdate u = r.updateRef("refs/heads/main");
            u.setNewObjectId(c);
            u.forceUpdate();
        }

        // A process of its own: what it shows is the memory one run needs, not the test JVM's.
        Cli.Run run = Cli.forked(dir, java.util.Map.of(), null, "git", "-q", repo.dir().toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("scanned " + levels + " files");
    }
}
