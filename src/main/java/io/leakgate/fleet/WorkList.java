package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A run's repositories in the datastore, and their claims. A worker claims the first repository
 * that is pending or whose lease ran out (on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so
 * workers pass over each other's rows), holds it by renewing the lease while it scans, and
 * finishes it only while the claim is still its own: a worker that lost its lease (it stalled or
 * was cut off) has its result discarded, so each repository is finished once per run.
 */
final class WorkList {
    /** One claimed repository and the scan row recording this attempt. */
    record Claim(String repository, String scanId, String worker) {
    }

    record Counts(long blobsRead, long bytesRead, long recalled, int findings) {
    }

    /** Repositories finished (done or failed) and in the run. */
    record Progress(int finished, int total) {
    }

    /** Writes a finished scan's results in the transaction that marks it done. */
    interface Results {
        void save(Connection c) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Datastore store;
    private final String runId;
    private final String pack;
    private final long leaseMillis;
    private final String now;

    WorkList(Datastore store, String runId, String pack, Duration lease) {
        this.store = store;
        this.runId = runId;
        this.pack = pack;
        this.leaseMillis = lease.toMillis();
        this.now = store.dialect.now;
    }

    /** This process as a worker names it in the datastore: host, process id and a random suffix. */
    static String processName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates the run if it is new and adds the repositories it does not have yet. */
    void join(List<String> repositories) throws LeakgateException {
        String other = transaction("cannot start the run", c -> {
            update(c, "INSERT INTO run (id, rule_pack, started) VALUES (?, ?, " + now + ") ON CONFLICT (id) DO NOTHING",
                    runId, pack);
            String runPack = single(c, "SELECT rule_pack FROM run WHERE id = ?", runId);
            if (!pack.equals(runPack)) {
                return runPack;
            }
            try (PreparedStatement repo = c.prepareStatement("INSERT INTO repository (name, first_seen) VALUES (?, "
                    + now + ") ON CONFLICT (name) DO NOTHING");
                    PreparedStatement item = c.prepareStatement("INSERT INTO run_item (run_id, repository, status, "
                            + "attempts) VALUES (?, ?, 'pending', 0) ON CONFLICT (run_id, repository) DO NOTHING")) {
                for (String name : repositories) {
                    repo.setString(1, name);
                    repo.addBatch();
                    item.setString(1, runId);
                    item.setString(2, name);
                    item.addBatch();
                }
                repo.executeBatch();
                item.executeBatch();
            }
            return null;
        });
        if (other != null) {
            throw new LeakgateException("--run " + runId + " was started with other rules (rule pack " + other
                    + "); every worker of a run must use the same rules and leakgate version");
        }
    }

    /**
     * Claims the next repository, waiting while others hold the rest under live leases (one of
     * them may yet be lost and need taking over); null once every repository is finished.
     */
    Claim next(String worker) throws LeakgateException {
        long pause = Math.max(100, Math.min(2000, leaseMillis / 5));
        while (true) {
            Claim claim = transaction("cannot claim a repository", c -> claim(c, worker));
            if (claim != null) {
                return claim;
            }
            Progress p = progress();
            if (p.finished() >= p.total()) {
                return null;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeakgateException("interrupted while waiting for other workers");
            }
        }
    }

    private Claim claim(Connection c, String worker) throws SQLException {
        String repository = null;
        String status = null;
        try (PreparedStatement s = c.prepareStatement("SELECT repository, status FROM run_item WHERE run_id = ? "
                + "AND (status = 'pending' OR (status = 'scanning' AND lease_until < " + now + ")) "
                + "ORDER BY repository LIMIT 1" + store.dialect.skipLocked)) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    repository = r.getString(1);
                    status = r.getString(2);
                }
            }
        }
        if (repository == null) {
            return null;
        }
        update(c, "UPDATE run_item SET status = 'scanning', worker = ?, lease_until = " + now + " + ?, "
                + "attempts = attempts + 1 WHERE run_id = ? AND repository = ?", worker, leaseMillis, runId, repository);
        if (status.equals("scanning")) {
            update(c, "UPDATE scan SET status = 'abandoned', finished = " + now + ", reason = 'lease expired' "
                    + "WHERE run_id = ? AND repository = ? AND status = 'running'", runId, repository);
        }
        String scanId = UUID.randomUUID().toString();
        update(c, "INSERT INTO scan (id, run_id, repository, rule_pack, worker, started, status) VALUES (?, ?, ?, ?, ?, "
                + now + ", 'running')", scanId, runId, repository, pack, worker);
        return new Claim(repository, scanId, worker);
    }

    /** Extends the claim's lease; false when it is no longer this worker's. */
    boolean renew(Connection c, Claim claim) throws SQLException {
        int n = update(c, "UPDATE run_item SET lease_until = " + now + " + ? WHERE run_id = ? AND repository = ? "
                + "AND worker = ? AND status = 'scanning'", leaseMillis, runId, claim.repository(), claim.worker());
        c.commit();
        return n == 1;
    }

    /**
     * Marks the repository done and saves its results, if the claim is still this worker's;
     * otherwise records the attempt as lost and saves nothing.
     */
    boolean complete(Claim claim, Counts counts, Results results) throws LeakgateException {
        boolean kept = transaction("cannot save the results of " + claim.repository(), c -> {
            int n = update(c, "UPDATE run_item SET status = 'done', lease_until = NULL WHERE run_id = ? "
                    + "AND repository = ? AND worker = ? AND status = 'scanning'", runId, claim.repository(),
                    claim.worker());
            if (n != 1) {
                c.rollback();
                return false;
            }
            results.save(c);
            update(c, "UPDATE scan SET status = 'done', finished = " + now + ", blobs_read = ?, bytes_read = ?, "
                    + "blobs_recalled = ?, findings = ? WHERE id = ?", counts.blobsRead(), counts.bytesRead(),
                    counts.recalled(), counts.findings(), claim.scanId());
            return true;
        });
        if (!kept) {
            transaction("cannot record a lost claim", c -> update(c, "UPDATE scan SET status = 'lost', finished = "
                    + now + ", reason = 'lease expired; another worker took the repository over' WHERE id = ?",
                    claim.scanId()));
        }
        return kept;
    }

    /** Records that the repository could not be scanned, and why. */
    void fail(Claim claim, String reason) throws LeakgateException {
        transaction("cannot record the failure of " + claim.repository(), c -> {
            update(c, "UPDATE run_item SET status = 'failed', lease_until = NULL WHERE run_id = ? AND repository = ? "
                    + "AND worker = ? AND status = 'scanning'", runId, claim.repository(), claim.worker());
            return update(c, "UPDATE scan SET status = 'failed', finished = " + now + ", reason = ? WHERE id = ?",
                    reason, claim.scanId());
        });
    }

    Progress progress() throws LeakgateException {
        return transaction("cannot read the run", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN status IN ('done', 'failed') "
                    + "THEN 1 ELSE 0 END) FROM run_item WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new Progress(r.getInt(2), r.getInt(1));
                }
            }
        });
    }

    /** The run's failed repositories with the reason of their last attempt. */
    Map<String, String> failures() throws LeakgateException {
        return transaction("cannot read the run", c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT i.repository, s.reason FROM run_item i "
                    + "JOIN scan s ON s.run_id = i.run_id AND s.repository = i.repository AND s.status = 'failed' "
                    + "WHERE i.run_id = ? AND i.status = 'failed'")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** Findings in the run's repositories whose triage status is open (or that nobody triaged). */
    int openFindings() throws LeakgateException {
        return transaction("cannot read the run", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM finding f "
                    + "JOIN run_item i ON i.repository = f.repository AND i.run_id = ? AND i.status = 'done' "
                    + "LEFT JOIN triage t ON t.fingerprint = f.fingerprint "
                    + "WHERE t.status IS NULL OR t.status = 'open'")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /**
     * Runs {@code work} in a transaction and commits it; retried a few times when the database
     * reports a conflict with another worker's transaction (a deadlock, a serialization failure,
     * SQLite busy past its timeout).
     */
    private <T> T transaction(String what, Work<T> work) throws LeakgateException {
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = store.connect()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                last = e;
                String state = e.getSQLState();
                boolean conflict = "40001".equals(state) || "40P01".equals(state)
                        || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
                if (!conflict) {
                    break;
                }
                try {
                    Thread.sleep(50L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw store.failure(what, last);
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    private static String single(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
