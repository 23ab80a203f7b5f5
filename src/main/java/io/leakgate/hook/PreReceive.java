package io.leakgate.hook;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Finding;
import io.leakgate.detect.RuleIndex;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.IgnoreFile;
import io.leakgate.policy.Policy;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.Change;
import io.leakgate.source.ChangeScanner;
import io.leakgate.source.plumbing.CatFile;
import io.leakgate.source.plumbing.GitConfig;
import io.leakgate.source.plumbing.LoggedCommit;
import io.leakgate.source.plumbing.RawLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    public static final int ACCEPT = 0;
    /** Exit code of a push rejected for its content or for running out of time. */
    public static final int REJECT = 1;
    /** Exit code of a push rejected because the hook itself failed. */
    public static final int ERROR = 2;

    /** Settings from the command line, layered over the repository's git config. */
    public record Options(Path rulesConfig, String timeBudget, String onTimeout, String onError,
            Boolean allowBypass, Path auditLog, Set<String> warnRules, long maxFileSize, boolean verbose) {
    }

    private final Map<String, String> env;
    private final Path cwd;
    private final HookMessages messages;
    private final PrintStream err;
    private final long born = System.nanoTime();
    private boolean verbose;

    public PreReceive(Map<String, String> env, Path cwd, PrintStream err) {
        this.env = env;
        this.cwd = cwd;
        this.err = err;
        this.messages = new HookMessages(err, env);
    }

    public int run(InputStream stdin, Options options) {
        long started = System.nanoTime();
        verbose = options.verbose();
        HookPolicy policy = null;
        List<RefUpdate> updates = List.of();
        try {
            byte[] lines = stdin.readAllBytes();
            try (HookRepository git = HookRepository.open(env, cwd, false)) {
                // While git's processes start, the bundled rules load (unless the command line
                // names others): most servers use them, and the JVM would only wait otherwise.
                RuleSet bundled = options.rulesConfig() == null ? ConfigLoader.forScanning().loadDefault() : null;
                // And arranged for scanning, still while git works: the server's config may yet
                // name other rules, but most servers use these.
                RuleIndex bundledIndex = bundled == null ? null : new RuleIndex(bundled);
                trace("bundled rules loaded");
                // The repository is checked first: a SHA-256 repository's lines would not parse.
                GitConfig config = git.config();
                updates = RefUpdate.parse(new java.io.ByteArrayInputStream(lines));
                policy = HookPolicy.fromConfig(config, git.gitDir()).overriddenBy(options);
                trace("repository opened");
                RuleSet rules = policy.rulesConfig() != null ? new ConfigLoader().load(policy.rulesConfig())
                        : bundled;
                trace("rules ready (" + rules.rules().size() + ")");
                long deadline = policy.timeBudget() == null ? Long.MAX_VALUE
                        : started + policy.timeBudget().toNanos();
                RuleIndex index = rules == bundled ? bundledIndex : new RuleIndex(rules);
                return judge(git, updates, index, policy, options.maxFileSize(), deadline);
            }
        } catch (LeakgateException | IOException | RuntimeException e) {
            return failed(e, policy, updates, options);
        }
    }

    private int judge(HookRepository git, List<RefUpdate> updates, RuleIndex rules, HookPolicy policy,
            long maxFileSize, long deadline) throws IOException, LeakgateException {
        CatFile objects = git.objects();
        List<PushedCommits.Tip> tips = new ArrayList<>();
        for (RefUpdate u : updates) {
            if (!u.isDelete()) {
                CatFile.GitObject commit = objects.read(u.newId() + "^{commit}", 0);
                if (commit != null) {
                    tips.add(new PushedCommits.Tip(commit.id(), u.ref()));
                }
            }
        }
        List<LoggedCommit> commits = List.of();
        Set<String> newBlobs = null;
        if (git.inQuarantine()) {
            // Inside git's quarantine the push's commits are the quarantine's commits: found
            // without looking at any existing ref, so the cost follows the push, not the
            // number of refs or the length of the history.
            newBlobs = git.newObjects().blobs();
            commits = git.newCommits();
        } else if (!tips.isEmpty()) {
            // Without a quarantine, what is new is what no existing ref reaches.
            List<String> args = RawLog.logCommand("--topo-order", "--reverse");
            for (PushedCommits.Tip t : tips) {
                args.add(t.commit());
            }
            args.add("--not");
            args.add("--all");
            commits = RawLog.commits(git.git().output(null, args.toArray(String[]::new)));
        }
        Set<String> onlyNew = newBlobs;
        List<Change> changes = PushedCommits.changes(commits, tips,
                onlyNew == null ? id -> true : onlyNew::contains);
        trace(commits.size() + " new commits, " + changes.size() + " new file versions listed");
        ChangeScanner scanner = new ChangeScanner(objects, rules, maxFileSize);
        ChangeScanner.Outcome outcome;
        try {
            outcome = scanner.scan(changes, deadline);
        } catch (ChangeScanner.OutOfTime e) {
            return outOfTime(e, policy, updates);
        }
        Map<String, String> refs = new java.util.HashMap<>();
        for (Change c : changes) {
            if (c.commit() != null) {
                refs.putIfAbsent(c.commit().id(), c.ref());
            }
        }
        trace("scanned " + outcome.blobs() + " blobs");
        Policy accepted = accepted(objects, updates, policy);
        return decide(accepted.apply(outcome.findings()).fresh(), policy, refs);
    }

    private int decide(List<Finding> findings, HookPolicy policy, Map<String, String> refs) throws IOException {
        List<Finding> blocking = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        for (Finding f : dedupe(findings)) {
            (policy.warnRules().contains(f.rule().id()) ? warnings : blocking).add(f);
        }
        if (!warnings.isEmpty()) {
            messages.line("leakgate: warning: " + warnings.size() + " possible secret"
                    + (warnings.size() == 1 ? "" : "s") + " (rules set to warn only on this server):");
            messages.findings(warnings, policy.maxListed());
        }
        if (blocking.isEmpty()) {
            return ACCEPT;
        }
        String reason = new PushOptions(env).bypassReason();
        if (reason != null && policy.allowBypass()) {
            AuditLog audit = new AuditLog(policy.auditLog());
            for (Finding f : blocking) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("pusher", AuditLog.pusher(env));
                entry.put("ref", f.provenance() == null ? null
                        : refs.get(f.provenance().commit()));
                entry.put("commit", f.provenance() == null ? null : f.provenance().commit());
                entry.put("path", f.path());
                entry.put("rule", f.rule().id());
                entry.put("fingerprint", f.fingerprint());
                entry.put("reason", reason);
                audit.append("bypass", entry);
            }
            messages.line("leakgate: " + blocking.size() + " secret" + (blocking.size() == 1 ? "" : "s")
                    + " accepted by bypass" + (reason.isEmpty() ? "" : " (\"" + reason + "\")")
                    + "; recorded in the audit log.");
            messages.findings(blocking, policy.maxListed());
            return ACCEPT;
        }
        messages.line("leakgate: push rejected: " + blocking.size() + " secret"
                + (blocking.size() == 1 ? "" : "s") + " introduced by this push");
        messages.findings(blocking, policy.maxListed());
        if (reason != null) {
            messages.line("");
            messages.line("leakgate: bypass was requested, but this server does not allow it.");
        }
        messages.advice(policy.allowBypass(), false);
        return REJECT;
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
    private static Policy accepted(CatFile objects, List<RefUpdate> updates, HookPolicy policy)
            throws LeakgateException {
        Baseline baseline = policy.baseline() == null ? null : Baseline.load(policy.baseline());
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
        return new Policy(baseline, ignores).partial();
    }

    /** The same secret carried by several commits is listed once, at the oldest commit. */
    private static List<Finding> dedupe(List<Finding> findings) {
        Map<String, Finding> first = new LinkedHashMap<>();
        for (Finding f : findings) {
            first.putIfAbsent(f.rule().id() + '\0' + f.path() + '\0' + f.secret(), f);
        }
        return new ArrayList<>(first.values());
    }

    private int outOfTime(ChangeScanner.OutOfTime e, HookPolicy policy, List<RefUpdate> updates) throws IOException {
        if (policy.onTimeout() == HookPolicy.Outcome.ACCEPT) {
            AuditLog audit = new AuditLog(policy.auditLog());
            for (RefUpdate u : updates) {
                if (u.isDelete()) {
                    continue;
                }
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("pusher", AuditLog.pusher(env));
                entry.put("ref", u.ref());
                entry.put("unscannedRange", (u.isCreate() ? "" : u.oldId() + "..") + u.newId());
                entry.put("unscannedFileVersions", Integer.toString(e.unscanned().size()));
                entry.put("reason", "time budget of " + policy.timeBudget().toMillis() + " ms exhausted");
                audit.append("accepted-unscanned", entry);
            }
            messages.line("leakgate: warning: the scan did not finish within " + seconds(policy)
                    + "; the push was accepted unscanned by server policy and recorded in the audit log.");
            return ACCEPT;
        }
        messages.line("leakgate: push rejected: the secret scan did not finish within " + seconds(policy)
                + " (" + e.unscanned().size() + " file versions left).");
        messages.line("Push fewer commits at a time, or ask the server's administrators to raise leakgate.timeBudget.");
        return REJECT;
    }

    private int failed(Exception e, HookPolicy policy, List<RefUpdate> updates, Options options) {
        HookPolicy.Outcome onError = policy != null ? policy.onError() : fallbackOnError(options);
        String what = e instanceof LeakgateException ? e.getMessage() : "internal error: " + e;
        if (onError == HookPolicy.Outcome.ACCEPT) {
            messages.line("leakgate: warning: " + what);
            messages.line("leakgate: the push was accepted unscanned by server policy (leakgate.onError=accept).");
            Path auditPath = policy != null ? policy.auditLog() : options.auditLog();
            if (auditPath != null) {
                try {
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put("pusher", AuditLog.pusher(env));
                    entry.put("refs", updates.stream().map(u -> u.ref() + " " + u.newId())
                            .reduce((a, b) -> a + ", " + b).orElse(""));
                    entry.put("error", what);
                    new AuditLog(auditPath).append("accepted-after-error", entry);
                } catch (IOException io) {
                    messages.line("leakgate: warning: cannot write the audit log: " + io.getMessage());
                }
            }
            return ACCEPT;
        }
        messages.line("leakgate: push rejected: the secret scan could not run: " + what);
        messages.line("This is a problem on the server, not in your commits; tell its administrators.");
        return ERROR;
    }

    private HookPolicy.Outcome fallbackOnError(Options options) {
        try {
            return HookPolicy.outcome(options.onError(), "--on-error");
        } catch (LeakgateException e) {
            return HookPolicy.Outcome.REJECT;
        }
    }

    private static String seconds(HookPolicy p) {
        return String.format(java.util.Locale.ROOT, "%.1f s", p.timeBudget().toMillis() / 1000.0);
    }
}
