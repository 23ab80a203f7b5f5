package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Skipped;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.IgnoreFile;
import io.leakgate.policy.FindingFilter;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import io.leakgate.hook.git.CatFile;
import io.leakgate.hook.git.GitConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server-side gate. Reads every {@code <old> <new> <ref>} line, scans exactly what the push
 * brings (commits reachable from the new tips and from no existing ref, and the file versions
 * they introduce, each blob once), and rejects the push when it introduces a secret.
 */
public final class PreReceive {
    /** Exit code of an accepted push. */
    public static final int ACCEPT = Verdict.ACCEPT;
    /** Exit code of a push rejected for its content or for running out of time. */
    public static final int REJECT = Verdict.REJECT;
    /** Exit code of a push rejected because the hook itself failed. */
    public static final int ERROR = Verdict.ERROR;

    /**
     * Settings from the command line, layered over the repository's git config.
     *
     * @param maxFileSize bytes, or null to take {@code leakgate.maxFileSize} (default 25 MiB)
     */
    public record Options(Path rulesConfig, String timeBudget, String onTimeout, String onError,
            Boolean allowBypass, Path auditLog, Set<String> warnRules, Long maxFileSize, boolean verbose) {
    }

    private final Map<String, String> env;
    private final Path cwd;
    private final HookMessages messages;
    private final PrintStream err;
    private final long born = System.nanoTime();
    private boolean verbose;
    /** Set once, by whichever of the scan and the time budget decides first. */
    private final java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();
    // Shared with the thread that watches the time budget.
    private volatile ServerSettings settings;
    private volatile List<RefUpdate> updates = List.of();
    private volatile long deadline = Long.MAX_VALUE;
    private volatile int verdict = -1;
    /** What ended the work without a verdict, if anything did. */
    private volatile Throwable died;
    /** The update lines as git sent them, for an audit entry when they could not be judged. */
    private volatile String received = "";

    public PreReceive(Map<String, String> env, Path cwd, PrintStream err) {
        this.env = env;
        this.cwd = cwd;
        this.err = err;
        this.messages = new HookMessages(err, env);
    }

    /**
     * Judges the push on {@code stdin}. The time budget covers the whole hook, listing included:
     * the work runs on its own thread, and when the budget is spent this thread decides as the
     * policy says and stops git's processes.
     */
    public int run(InputStream stdin, Options options) {
        long started = System.nanoTime();
        verbose = options.verbose();
        if (options.timeBudget() != null) {
            try {
                deadline = started + ServerSettings.duration(options.timeBudget(), "--time-budget").toNanos();
            } catch (LeakgateException e) {
                // reported by the work itself, which reads the option again
            }
        }
        Thread work = new Thread(() -> verdict = work(stdin, options, started), "leakgate-pre-receive");
        work.setDaemon(true);
        // An Error (out of memory, a stack overflow) ends the work without a verdict; --verbose
        // shows its stack trace here, never the JVM's default handler on the pusher's terminal.
        work.setUncaughtExceptionHandler((t, e) -> died = e);
        work.start();
        try {
            while (work.isAlive()) {
                long left = deadline == Long.MAX_VALUE ? 20 : (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 && !decided.get()) {
                    int code = outOfTime(null);
                    if (code >= 0) {
                        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                        return code;
                    }
                }
                work.join(Math.max(1, Math.min(left, 20)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            return ERROR;
        }
        if (verdict < 0 && decided.compareAndSet(false, true)) {
            // The work died of an Error: never a silent pass.
            if (verbose && died != null) {
                died.printStackTrace(err);
            }
            messages.line("leakgate: push rejected: the secret scan failed unexpectedly; tell the server's administrators.");
            return ERROR;
        }
        return verdict < 0 ? ERROR : verdict;
    }

    private int work(InputStream stdin, Options options, long started) {
        try {
            byte[] lines = stdin.readAllBytes();
            received = new String(lines, java.nio.charset.StandardCharsets.UTF_8).strip();
            try (HookRepository git = HookRepository.open(env, cwd, false)) {
                // While git's processes start, the bundled rules load (unless the command line
                // names others): most servers use them, and the JVM would only wait otherwise.
                RuleSet bundled = options.rulesConfig() == null ? ConfigLoader.forScanning().loadDefault() : null;
                // And arranged for scanning, still while git works: the server's config may yet
                // name other rules, but most servers use these.
                RuleIndex bundledIndex = bundled == null ? null : new RuleIndex(bundled);
                trace("bundled rules loaded");
                GitConfig config = git.config();
                ServerSettings p = ServerSettings.fromConfig(config, git.gitDir()).overriddenBy(options);
                settings = p;
                if (p.timeBudget() != null) {
                    deadline = started + p.timeBudget().toNanos();
                }
                // Checked after the settings are known, so that an unreadable repository (SHA-256) or
                // bad input follows leakgate.onError.
                git.readable();
                updates = RefUpdate.parse(new java.io.ByteArrayInputStream(lines));
                trace("repository opened");
                RuleSet rules = p.rulesConfig() != null ? new ConfigLoader().load(p.rulesConfig()) : bundled;
                trace("rules ready (" + rules.rules().size() + ")");
                RuleIndex index = rules == bundled ? bundledIndex : new RuleIndex(rules);
                return judge(git, index, p, rules == bundled);
            }
        } catch (LeakgateException | IOException | RuntimeException e) {
            return failed(e, options);
        }
    }

    private int judge(HookRepository git, RuleIndex rules, ServerSettings settings, boolean bundledRules)
            throws IOException, LeakgateException {
        PushScope.Listing listing = PushScope.list(git, updates, settings.maxFileSize());
        List<Change> changes = new ArrayList<>(PushedCommits.changes(listing.commits(), listing.tips()));
        changes.addAll(listing.direct());
        trace(listing.commits().size() + " new commits, " + changes.size() + " file versions listed");
        CleanRecord record = bundledRules ? cleanRecord(git) : null;
        ChangeScanner scanner = new ChangeScanner(git.objects(), rules, settings.maxFileSize(), settings.scanOptions());
        if (record != null && changes.size() > RECORD_WORTH_READING) {
            scanner.knowing(record::contains);
        }
        Map<String, String> refs = PushedCommits.refs(listing.commits(), listing.tips());
        ChangeScanner.Outcome outcome;
        try {
            outcome = scanner.scan(changes, deadline);
            trace("scanned " + outcome.blobs() + " blobs");
        } catch (ChangeScanner.OutOfTime e) {
            int code = outOfTime(e.unscanned().size() + " file versions left");
            return code >= 0 ? code : REJECT;
        }
        // Messages: of every commit the push makes reachable, and of every tag object it brings.
        List<Finding> found = new ArrayList<>(outcome.findings());
        for (io.leakgate.hook.git.LoggedCommit c : listing.commits()) {
            if (System.nanoTime() > deadline) {
                int code = outOfTime("commit messages left");
                return code >= 0 ? code : REJECT;
            }
            found.addAll(scanner.message(LocationKind.COMMIT_MESSAGE, c.id(), null));
        }
        for (PushScope.Tag t : listing.tags()) {
            if (t.content() != null) {
                for (Finding f : scanner.message(LocationKind.TAG_MESSAGE, t.id(), t.content())) {
                    refs.putIfAbsent(t.id(), t.ref());
                    found.add(f);
                }
            }
        }
        trace("scanned " + listing.commits().size() + " commit messages");
        if (record != null) {
            for (Change c : outcome.clean()) {
                record.add(c.blob(), c.path());
            }
            try {
                record.flush();
            } catch (IOException e) {
                trace("cannot write " + record.file() + ": " + e.getMessage());
            }
            trace("clean record written");
        }
        List<Skipped> unscanned = new ArrayList<>(listing.unscanned());
        unscanned.addAll(scanner.skipped());
        FindingFilter accepted = accepted(git.objects(), updates, settings);
        Verdict.Scanned scanned = new Verdict.Scanned(accepted.apply(found).fresh(), unscanned, refs,
                new PushOptions(env).bypassReason(), AuditLog.pusherOf(env));
        Verdict verdict = Verdict.ofScan(scanned, settings);
        if (!decided.compareAndSet(false, true)) {
            return REJECT; // the time budget ran out first and has answered
        }
        return deliver(verdict, settings.auditLog());
    }

    /**
     * Writes the verdict's audit entries, then tells the pusher. A verdict that needs its entries
     * does not stand without them.
     */
    private int deliver(Verdict verdict, Path auditLog) {
        if (!verdict.audit().isEmpty()) {
            try {
                AuditLog audit = new AuditLog(auditLog);
                for (AuditLog.Entry e : verdict.audit()) {
                    audit.append(e);
                }
            } catch (IOException | RuntimeException e) {
                if (verdict.unaudited() != null) {
                    messages.line(verdict.unaudited().line() + e.getMessage());
                    return verdict.unaudited().exitCode();
                }
            }
        }
        verdict.printTo(messages);
        return verdict.exitCode();
    }

    /** Below this many file versions, reading them costs less than reading the record. */
    private static final int RECORD_WORTH_READING = 500;

    private static CleanRecord cleanRecord(HookRepository git) throws LeakgateException {
        String pack = io.leakgate.rules.PackedRules.bundledId();
        if (pack == null) {
            return null;
        }
        Path jar = null;
        try {
            java.security.CodeSource source = PreReceive.class.getProtectionDomain().getCodeSource();
            jar = source == null ? null : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            jar = null;
        }
        return CleanRecord.in(git.gitDir(), CleanRecord.key(io.leakgate.Version.get(), pack, jar));
    }

    /** With --verbose: how long each phase took, from the JVM's start of this command. */
    private void trace(String what) {
        if (verbose) {
            // No printf: its formatter's first use costs a cold JVM more than most phases.
            long tenths = (System.nanoTime() - born) / 100_000;
            err.println("leakgate: " + tenths / 10 + "." + tenths % 10 + " ms  " + what);
        }
    }

    /**
     * What the server already accepts: the baseline named by {@code leakgate.baseline}, and the
     * ignore files as they are on the server now, at the tips being updated (or at HEAD for new
     * refs). Never the pushed versions: a push must not be able to wave its own secret through.
     */
    private static FindingFilter accepted(CatFile objects, List<RefUpdate> updates, ServerSettings settings)
            throws LeakgateException {
        Baseline baseline = settings.baseline() == null ? null : Baseline.load(settings.baseline());
        List<IgnoreFile> ignores = new ArrayList<>();
        Set<String> tips = new java.util.LinkedHashSet<>();
        for (RefUpdate u : updates) {
            if (!u.isCreate()) {
                tips.add(u.oldId());
            }
        }
        tips.add("HEAD");
        Set<String> seen = new HashSet<>();
        for (String tip : tips) {
            CatFile.GitObject commit = objects.read(tip + "^{commit}", 0);
            if (commit == null) {
                continue; // an unborn HEAD, or a tag of something other than a commit
            }
            for (String name : IgnoreFile.NAMES) {
                CatFile.GitObject file = objects.read(commit.id() + ":" + name, 1 << 20);
                if (file != null && file.type().equals("blob") && file.content() != null && seen.add(file.id())) {
                    ignores.add(IgnoreFile.parse(name + " at " + commit.id().substring(0, 12),
                            new String(file.content(), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        return new FindingFilter(baseline, ignores).partial();
    }

    /**
     * Decides a push the time budget ran out on, unless it was decided already (then -1).
     *
     * @param left what was left to scan, when known
     */
    private int outOfTime(String left) {
        if (!decided.compareAndSet(false, true)) {
            return -1;
        }
        ServerSettings p = settings;
        double budget = p != null && p.timeBudget() != null ? p.timeBudget().toMillis() / 1000.0 : budgetSeconds();
        Verdict verdict = Verdict.ofTimeout(updates, p, left, budget, AuditLog.pusherOf(env));
        return deliver(verdict, p == null ? null : p.auditLog());
    }

    private double budgetSeconds() {
        return (deadline - born) / 1e9;
    }

    private int failed(Exception e, Options options) {
        if (!decided.compareAndSet(false, true)) {
            return REJECT;
        }
        ServerSettings p = settings;
        ServerSettings.Outcome onError = p != null ? p.onError() : fallbackOnError(options);
        String what = e instanceof LeakgateException ? e.getMessage() : "internal error: " + e;
        if (verbose && !(e instanceof LeakgateException)) {
            e.printStackTrace(err);
        }
        Path auditPath = p != null ? p.auditLog() : options.auditLog() != null ? options.auditLog()
                : fallbackGitDir().resolve("leakgate-audit.jsonl");
        return deliver(Verdict.ofError(onError, updates, received, what, AuditLog.pusherOf(env)), auditPath);
    }

    /** Where the repository is when git could not say: GIT_DIR, else the hook's directory (a bare repository). */
    private Path fallbackGitDir() {
        String dir = env.get("GIT_DIR");
        return dir == null || dir.isEmpty() ? cwd : cwd.resolve(dir).normalize();
    }

    private ServerSettings.Outcome fallbackOnError(Options options) {
        try {
            return ServerSettings.outcome(options.onError(), "--on-error");
        } catch (LeakgateException e) {
            return ServerSettings.Outcome.REJECT;
        }
    }
}
