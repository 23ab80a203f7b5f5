package io.leakgate.fleet;

import io.leakgate.LeakgateException;
import io.leakgate.Version;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.RuleRef;
import io.leakgate.finding.ScanResult;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.ContentScan;
import io.leakgate.source.git.GitHistory;
import io.leakgate.source.git.HistoryScope;
import io.leakgate.source.git.ScanProgress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code leakgate repos}: scans many repositories into a datastore, each as {@code leakgate git}
 * scans it, reading only blobs the datastore has not seen scanned by the same rule pack. A run
 * is a work list in the datastore; any number of workers (threads, processes, machines) given
 * the same run id share it, each repository claimed by one worker at a time under a lease
 * ({@link WorkList}), so each is scanned to completion once per run.
 */
public final class FleetScan {
    /**
     * How to run.
     *
     * @param runId   the run to join, or null for a run of this invocation alone
     * @param lease   how long a claim lasts without renewal; a worker renews it while it scans
     * @param jobs    repositories scanned at once by this process
     * @param threads reading and scanning threads per repository
     * @param cache   where remote repositories are mirrored
     */
    public record Settings(String runId, Duration lease, int jobs, int threads, long maxFileSize,
            ContentScan.Options content, boolean storeSecrets, Path cache) {
    }

    /** What became of one repository this process took. */
    public record Repository(String name, Status status, String reason, long blobsRead, long bytesRead,
            long recalled, int findings) {
        /** DONE and FAILED are final for the run; LOST means another worker took it over and finished it. */
        public enum Status { DONE, FAILED, LOST }
    }

    /** Told as each repository this process took is finished, with the run's progress. */
    public interface Listener {
        void finished(Repository repository, int doneInRun, int totalInRun);
    }

    /**
     * The run when this worker left it (every repository finished, by whichever worker).
     *
     * @param failed       repositories of the run that failed, with their reasons
     * @param openFindings findings in the run's repositories not triaged otherwise
     */
    public record Outcome(String runId, List<Repository> mine, int total, Map<String, String> failed,
            int openFindings) {
        /** 2 when a repository failed, else 1 when findings are open, else 0. */
        public int exitCode() {
            return !failed.isEmpty() ? 2 : openFindings > 0 ? 1 : 0;
        }
    }

    private final Datastore store;
    private final RuleSet rules;
    private final RuleIndex index;
    private final String pack;
    private final Settings settings;
    private final FindingCodec codec;
    private final SecretForm form;

    public FleetScan(Datastore store, RuleSet rules, String pack, Settings settings) {
        this.store = store;
        this.rules = rules;
        this.index = new RuleIndex(rules);
        this.pack = pack;
        this.settings = settings;
        // One lookup table for every stored finding decoded, not a search of the rules for each.
        Map<String, RuleRef> refs = new HashMap<>();
        for (Rule r : rules.rules()) {
            refs.putIfAbsent(r.id(), r.ref());
        }
        this.codec = new FindingCodec(refs::get);
        this.form = new SecretForm(settings.storeSecrets());
    }

    /** The identity of a rule pack as the datastore records it: leakgate's version and the rules' own identity. */
    public static String packId(String rulesIdentity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((Version.get() + "\n" + rulesIdentity).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Adds the inputs' repositories to the run, then scans what is left of it until the run is finished. */
    public Outcome run(List<String> inputs, Listener listener) throws LeakgateException {
        List<RepositoryList.Source> sources = RepositoryList.expand(inputs);
        String runId = settings.runId() != null ? settings.runId() : UUID.randomUUID().toString();
        WorkList work = new WorkList(store, runId, pack, settings.lease());
        work.join(sources.stream().map(RepositoryList.Source::name).toList());
        Map<String, RepositoryList.Source> byName = new ConcurrentHashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        RepositoryCache cache = new RepositoryCache(settings.cache());
        GitHistory.tuneObjectCaches(settings.maxFileSize());
        List<Repository> mine = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> broken = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger seq = new AtomicInteger();
        String process = WorkList.processName();
        List<Thread> workers = new ArrayList<>();
        try (Lease lease = new Lease(store, runId, settings.lease())) {
            for (int j = 0; j < Math.max(1, settings.jobs()); j++) {
                String worker = process + "#" + seq.incrementAndGet();
                Thread t = new Thread(() -> {
                    try {
                        WorkList.Claim claim;
                        while ((claim = work.next(worker)) != null) {
                            Repository r = scanClaimed(work, lease, claim, byName, cache);
                            mine.add(r);
                            WorkList.Progress p = work.progress();
                            listener.finished(r, p.finished(), p.total());
                        }
                    } catch (LeakgateException | RuntimeException e) {
                        broken.add(e);
                    }
                }, "leakgate-worker-" + j);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeakgateException("interrupted");
        }
        if (!broken.isEmpty()) {
            Throwable first = broken.get(0);
            if (first instanceof LeakgateException le) {
                throw le;
            }
            throw (RuntimeException) first;
        }
        return new Outcome(runId, List.copyOf(mine), work.progress().total(), work.failures(), work.openFindings());
    }

    private Repository scanClaimed(WorkList work, Lease lease, WorkList.Claim claim,
            Map<String, RepositoryList.Source> byName, RepositoryCache cache) throws LeakgateException {
        String name = claim.repository();
        lease.hold(work, claim);
        try {
            RepositoryList.Source source = byName.get(name);
            boolean remote = source != null ? source.remote() : RepositoryList.isUrl(name);
            String location = source != null ? source.location() : name;
            StoredBlobs blobs = new StoredBlobs(store, pack, codec, form);
            ScanResult result;
            long recalled;
            try {
                Path dir = remote ? cache.mirror(name, location) : Path.of(location);
                try (GitHistory history = GitHistory.open(dir)) {
                    result = history.scan(HistoryScope.all(), index, settings.threads(), settings.maxFileSize(),
                            new ScanProgress(), settings.content(), blobs);
                    recalled = history.recalled();
                }
            } catch (LeakgateException | RuntimeException | OutOfMemoryError e) {
                String reason = e instanceof LeakgateException ? e.getMessage()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                work.fail(claim, reason);
                return new Repository(name, Repository.Status.FAILED, reason, 0, 0, 0, 0);
            }
            List<Finding> findings = new ArrayList<>(result.findings().size());
            for (Finding f : result.findings()) {
                findings.add(SecretForm.fingerprinted(f));
            }
            WorkList.Counts counts = new WorkList.Counts(result.targets(), result.bytes(), recalled, findings.size());
            boolean kept = work.complete(claim, counts, c -> {
                blobs.save(c);
                saveFindings(c, name, claim.scanId(), findings);
            });
            return new Repository(name, kept ? Repository.Status.DONE : Repository.Status.LOST, null,
                    result.targets(), result.bytes(), recalled, findings.size());
        } finally {
            lease.release(claim);
        }
    }

    /** Replaces the repository's findings with this scan's; a finding seen before keeps its first-seen time. */
    private void saveFindings(Connection c, String repository, String scanId, List<Finding> findings)
            throws SQLException {
        Map<String, Long> firstSeen = new java.util.HashMap<>();
        try (var s = c.prepareStatement("SELECT fingerprint, first_seen FROM finding WHERE repository = ?")) {
            s.setString(1, repository);
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    firstSeen.put(r.getString(1), r.getLong(2));
                }
            }
        }
        try (var s = c.prepareStatement("DELETE FROM finding WHERE repository = ?")) {
            s.setString(1, repository);
            s.executeUpdate();
        }
        long now = System.currentTimeMillis();
        try (var s = c.prepareStatement("INSERT INTO finding (repository, fingerprint, rule_id, severity, path, "
                + "first_seen, last_seen, scan_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (repository, fingerprint) DO NOTHING")) {
            for (Finding f : findings) {
                s.setString(1, repository);
                s.setString(2, f.fingerprint());
                s.setString(3, f.rule().id());
                s.setString(4, f.rule().severity().label());
                s.setString(5, f.path());
                s.setLong(6, firstSeen.getOrDefault(f.fingerprint(), now));
                s.setLong(7, now);
                s.setString(8, scanId);
                s.setString(9, codec.encode(f));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
