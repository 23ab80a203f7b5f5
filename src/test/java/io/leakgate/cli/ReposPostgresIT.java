package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes of the packaged jar sharing one run on a real PostgreSQL (embedded, from
 * Maven Central binaries): one is killed while it holds a repository, three others share the
 * rest and take that one over once its lease runs out; a second run reads no blob.
 */
class ReposPostgresIT {
    private static final String RUN = "nightly-1";

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void threeWorkersScanEveryRepositoryOnceAndTakeOverTheOneAKilledWorkerHeld() throws Exception {
        FleetFixture fleet = FleetFixture.create(Files.createDirectories(tmp.resolve("fleet")));
        // The held repository is fetched from a URL; the first worker's git waits in its pack hook
        // until the worker is killed, so it is killed with the claim in hand.
        String victim = "file://" + fleet.root.resolve("base/r04").toRealPath();
        Map<String, Integer> expected = new TreeMap<>(fleet.expected);
        expected.put(victim, 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(fleet.list));
        lines.remove(FleetFixture.MISSING);
        lines.add(victim);
        Files.write(fleet.list, lines);
        assertThat(expected).hasSize(50);
        Path hook = tmp.resolve("slow-pack.sh");
        Files.writeString(hook, "#!/bin/sh\nsleep 600\nexec \"$@\"\n");
        hook.toFile().setExecutable(true);
        Path slowConfig = tmp.resolve("slow.gitconfig");
        Files.writeString(slowConfig, "[uploadpack]\n\tpackObjectsHook = " + hook + "\n");
        Path victimList = tmp.resolve("victim.txt");
        Files.writeString(victimList, victim + "\n");

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres").replaceFirst("\\?user=postgres$", "");
            Map<String, String> env = Map.of("LEAKGATE_DATASTORE", url, "LEAKGATE_DATASTORE_USER", "postgres",
                    "LEAKGATE_CACHE", tmp.resolve("cache").toString());

            Map<String, String> slow = new HashMap<>(env);
            slow.put("GIT_CONFIG_GLOBAL", slowConfig.toString());
            Process doomed = worker(slow, "doomed", "repos", "--run", RUN, "--lease", "3s", "--jobs", "1",
                    victimList.toString());
            String holder = awaitRunningScan(url, victim, doomed);
            doomed.descendants().forEach(ProcessHandle::destroyForcibly);
            doomed.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            assertThat(holder).contains(":" + doomed.pid() + ":");

            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(worker(env, "worker-" + i, "repos", "--run", RUN, "--lease", "3s", "--jobs", "1",
                        "--threads", "1", fleet.list.toString()));
            }
            for (int i = 0; i < workers.size(); i++) {
                Process w = workers.get(i);
                assertThat(w.waitFor(900, TimeUnit.SECONDS)).as("worker " + i + " finished").isTrue();
                assertThat(w.exitValue()).as(log("worker-" + i)).isEqualTo(1);
            }

            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                Map<String, List<String>> scans = scans(c, RUN);
                assertThat(scans).hasSize(50);
                scans.forEach((repo, statuses) -> {
                    if (repo.equals(victim)) {
                        assertThat(statuses).as(repo).containsExactlyInAnyOrder("abandoned", "done");
                    } else {
                        assertThat(statuses).as(repo).containsExactly("done");
                    }
                });
                assertThat(single(c, "SELECT COUNT(*) FROM run_item WHERE run_id = '" + RUN + "' AND status = 'done'"))
                        .isEqualTo(50);
                assertThat(findingsPerRepository(c)).isEqualTo(ReposCommandTest.withoutEmpty(expected));
                assertThat(single(c, "SELECT COUNT(*) FROM finding"))
                        .isEqualTo(expected.values().stream().mapToInt(Integer::intValue).sum());
                assertThat(single(c, "SELECT COUNT(DISTINCT worker) FROM scan WHERE run_id = '" + RUN
                        + "' AND status = 'done'")).isBetween(1, 3);
                assertThat(single(c, "SELECT COUNT(*) FROM leakgate_schema_history WHERE success")).isEqualTo(1);
            }

            Process again = worker(env, "second", "repos", "--run", "nightly-2", fleet.list.toString());
            assertThat(again.waitFor(900, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).as(log("second")).isEqualTo(1);
            assertThat(log("second")).contains("blobs read: 0 ");
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                assertThat(single(c, "SELECT COUNT(*) FROM scan WHERE run_id = 'nightly-2' AND status = 'done'"))
                        .isEqualTo(50);
                assertThat(single(c, "SELECT COALESCE(SUM(blobs_read), 0) FROM scan WHERE run_id = 'nightly-2'"))
                        .isZero();
                assertThat(findingsPerRepository(c)).isEqualTo(ReposCommandTest.withoutEmpty(expected));
            }
        }
    }

    private Process worker(Map<String, String> env, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("leakgate.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("LEAKGATE_CONFIG");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    /** Waits until the worker holds {@code repository} with a running scan; returns the worker's name. */
    private String awaitRunningScan(String url, String repository, Process worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            assertThat(worker.isAlive()).as("the first worker is still running: " + safeLog("doomed")).isTrue();
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    PreparedStatement s = c.prepareStatement("SELECT worker FROM scan WHERE repository = ? "
                            + "AND status = 'running'")) {
                s.setString(1, repository);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            } catch (java.sql.SQLException e) {
                // the schema is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the first worker never claimed " + repository + ": " + safeLog("doomed"));
    }

    private String safeLog(String name) {
        try {
            return log(name);
        } catch (Exception e) {
            return "(no log)";
        }
    }

    private static Map<String, List<String>> scans(Connection c, String run) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT repository, status FROM scan WHERE run_id = ?")) {
            s.setString(1, run);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> findingsPerRepository(Connection c) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT repository, COUNT(*) FROM finding GROUP BY repository");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.put(r.getString(1), r.getInt(2));
            }
        }
        return out;
    }

    private static int single(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
