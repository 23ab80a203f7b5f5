package io.leakgate.cli;

import io.leakgate.source.git.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Fifty repositories for the fleet tests, listed in {@code list.txt}: 35 repositories with work
 * trees (every fourth holds an AWS key), a directory {@code bare/} of five bare clones of some
 * of them, nine clones (forks) of the first nine, one of which adds a key of its own, and one
 * path that does not exist. The clones share every blob with their origins.
 */
final class FleetFixture {
    static final int BASES = 35;
    static final String MISSING = "missing-repo";

    final Path root;
    final Path list;
    /** Findings each repository (by its absolute path) holds. */
    final Map<String, Integer> expected = new TreeMap<>();

    private FleetFixture(Path root) {
        this.root = root;
        this.list = root.resolve("list.txt");
    }

    static FleetFixture create(Path root) {
        FleetFixture f = new FleetFixture(root);
        f.build();
        return f;
    }

    /** A structurally valid fake AWS key id, different for each seed. */
    static String key(int seed) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Random r = new Random(1000 + seed);
        StringBuilder b = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private void build() {
        IntStream.range(0, BASES).parallel().forEach(i -> {
            TestRepo r = TestRepo.init(root.resolve("base").resolve(name("r", i)));
            r.write("README.md", "repository " + i + "\n").write("src/main.txt", "content of " + i + "\n").commit("first");
            r.write("config/app.properties", i % 4 == 0 ? "aws_key = " + key(i) + "\n" : "name = " + i + "\n")
                    .commit("configure");
        });
        List<String> lines = new ArrayList<>(List.of("# the fleet", ""));
        for (int i = 0; i < BASES; i++) {
            lines.add("base/" + name("r", i));
            expected.put(real(root.resolve("base").resolve(name("r", i))), i % 4 == 0 ? 1 : 0);
        }
        try {
            Files.createDirectories(root.resolve("bare"));
            Files.createDirectories(root.resolve("forks"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IntStream.range(0, 5).parallel().forEach(b -> {
            Path origin = root.resolve("base").resolve(name("r", 10 + b));
            TestRepo.init(root.resolve("scratch-" + b)).git("clone", "-q", "--bare", origin.toString(),
                    root.resolve("bare").resolve(name("b", b) + ".git").toString());
        });
        for (int b = 0; b < 5; b++) {
            expected.put(real(root.resolve("bare").resolve(name("b", b) + ".git")), (10 + b) % 4 == 0 ? 1 : 0);
        }
        lines.add("# a directory of bare repositories:");
        lines.add("bare");
        IntStream.range(0, 9).parallel().forEach(k -> {
            Path fork = root.resolve("forks").resolve(name("f", k));
            TestRepo.init(root.resolve("scratch-f" + k)).git("clone", "-q",
                    root.resolve("base").resolve(name("r", k)).toString(), fork.toString());
            if (k == 0) {
                TestRepo r = TestRepo.init(fork);
                r.write("deploy/env.txt", "aws_key = " + key(100) + "\n").commit("deploy");
            }
        });
        for (int k = 0; k < 9; k++) {
            lines.add("forks/" + name("f", k));
            expected.put(real(root.resolve("forks").resolve(name("f", k))), (k % 4 == 0 ? 1 : 0) + (k == 0 ? 1 : 0));
        }
        lines.add(MISSING);
        try {
            Files.write(list, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int totalFindings() {
        return expected.values().stream().mapToInt(Integer::intValue).sum();
    }

    String missing() {
        return root.resolve(MISSING).toAbsolutePath().normalize().toString();
    }

    /** Distinct blobs across the existing repositories, as git counts them. */
    Set<String> uniqueBlobs() {
        Set<String> blobs = new HashSet<>();
        for (String repo : expected.keySet()) {
            String out = io.leakgate.Processes.run(List.of("git", "-C", repo, "cat-file", "--batch-all-objects",
                    "--batch-check"), root, e -> { }, null, 60).out();
            for (String line : out.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length >= 2 && parts[1].equals("blob")) {
                    blobs.add(parts[0]);
                }
            }
        }
        return blobs;
    }

    private static String name(String prefix, int i) {
        return prefix + String.format("%02d", i);
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
