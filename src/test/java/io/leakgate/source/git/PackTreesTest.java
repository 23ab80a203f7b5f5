package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackTreesTest {
    @TempDir
    static Path dir;
    /** Built once: the tests only read it. */
    private static TestRepo repo;

    @BeforeAll
    static void buildHistory() {
        repo = history();
    }

    /**
     * A history whose trees are long delta chains in one pack (bases named by offset), more in a
     * second pack (bases named by id), and a few loose.
     */
    private static TestRepo history() {
        TestRepo repo = TestRepo.init(dir);
        for (int i = 0; i < 60; i++) {
            repo.write("src/main/file" + (i % 7) + ".txt", "version " + i + "\n");
            repo.write("src/test/t" + i + ".txt", "t\n");
            repo.write("docs/d" + (i % 5) + "/note.md", "n" + i + "\n");
            repo.commit("c" + i);
        }
        repo.git("repack", "-a", "-d", "-f", "--depth=50", "--window=250");
        repo.git("prune-packed");
        for (int i = 60; i < 90; i++) {
            repo.write("src/main/file" + (i % 7) + ".txt", "version " + i + "\n");
            repo.write("src/test/t" + i + ".txt", "t\n");
            repo.commit("c" + i);
        }
        repo.git("-c", "repack.useDeltaBaseOffset=false", "repack", "-d", "-q", "--window=250");
        repo.write("src/main/loose.txt", "loose\n").commit("loose");
        return repo;
    }

    /** The trees reachable from any ref, their types from one {@code cat-file} for every object. */
    private static List<ObjectId> trees(TestRepo repo) {
        Set<String> trees = new HashSet<>();
        for (String line : repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")
                .lines().toList()) {
            if (line.endsWith(" tree")) {
                trees.add(line.substring(0, 40));
            }
        }
        List<ObjectId> out = new ArrayList<>();
        for (String line : repo.git("rev-list", "--objects", "--all").lines().toList()) {
            if (trees.contains(line.substring(0, 40))) {
                out.add(ObjectId.fromString(line.substring(0, 40)));
            }
        }
        return out;
    }

    @Test
    void readsEveryTreeAsJGitDoesInAnyOrderWithAnyCacheSize() throws Exception {
        List<ObjectId> trees = trees(repo);
        assertThat(trees).hasSizeGreaterThan(200);
        try (Repository r = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
                ObjectReader reader = r.newObjectReader()) {
            List<PackFile> packs = PackFile.of(r);
            assertThat(packs).hasSize(2);
            Random random = new Random(3);
            for (long cache : new long[] {0, 4096, 1 << 20}) {
                List<ObjectId> order = new ArrayList<>(trees);
                Collections.shuffle(order, random);
                order.addAll(trees);
                try (PackTrees packTrees = new PackTrees(packs, reader, cache)) {
                    long loose = 0;
                    for (ObjectId id : order) {
                        assertThat(packTrees.tree(id)).as("tree %s, cache %d", id.name(), cache)
                                .isEqualTo(reader.open(id, Constants.OBJ_TREE).getCachedBytes());
                        if (Files.exists(dir.resolve(".git/objects/" + id.name().substring(0, 2) + "/"
                                + id.name().substring(2)))) {
                            loose++;
                        }
                    }
                    // only loose trees go through JGit: the packed ones, deltas included, are read here
                    assertThat(loose).isPositive();
                    assertThat(packTrees.fallbacks()).isEqualTo(loose);
                }
            }
            packs.forEach(PackFile::close);
        }
    }

    @Test
    void anObjectThatIsNotATreeOrIsMissingFailsAsItDoesInJGit() throws Exception {
        ObjectId blob = ObjectId.fromString(repo.git("rev-parse", "HEAD:src/main/file1.txt").strip());
        try (Repository r = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
                ObjectReader reader = r.newObjectReader();
                PackTrees packTrees = new PackTrees(PackFile.of(r), reader, 1 << 20)) {
            assertThatThrownBy(() -> packTrees.tree(blob))
                    .isInstanceOf(org.eclipse.jgit.errors.IncorrectObjectTypeException.class);
            assertThatThrownBy(() -> packTrees.tree(ObjectId.fromString("0123456789012345678901234567890123456789")))
                    .isInstanceOf(MissingObjectException.class);
        }
    }
}
