package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.ScanResult;
import io.leakgate.policy.FindingFilter;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.git.GitHistory;
import io.leakgate.source.git.HistoryScope;
import io.leakgate.source.git.ScanProgress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakgate git}: every commit of a repository's history, each secret traced to its commit. */
@Command(name = "git",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Scans the whole history of a Git repository (bare or with a work tree): every commit "
                    + "reachable from any ref (branches, tags, remote-tracking refs, the stash). Each unique "
                    + "blob is read and scanned once. Every finding names the commit that introduced the "
                    + "secret at its path (author, date, subject); the same secret in other paths or commits "
                    + "is listed with it, not reported again.",
            "",
            "Rules come from --config, else $LEAKGATE_CONFIG, else .leakgate.toml or .gitleaks.toml in "
                    + "the repository's work tree, else the bundled default pack.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no secrets found",
            "1:secrets found",
            "2:usage, configuration or runtime error (not a repository, a SHA-256 repository, "
                    + "a missing commit or tree)"
        })
final class GitCommand implements Callable<Integer> {
    /** The largest blob a history scan holds in memory (a Java array's limit, less headroom). */
    static final long MAX_BLOB = Integer.MAX_VALUE - 64;

    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "REPO", arity = "0..1",
            description = "The repository: a work tree, its .git directory or a bare repository. Default: '.'.")
    Path repo;

    @Option(names = {"-s", "--source"}, paramLabel = "REPO", description = "gitleaks' spelling of REPO.")
    Path source;

    @Parameters(index = "1", paramLabel = "RANGE", arity = "0..1",
            description = "Only commits in A..B (reachable from B, not from A), or one revision and its "
                    + "ancestors. Default: all refs.")
    String range;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Only this branch (or any revision) and its ancestors.")
    String branch;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only commits committed on or after DATE (2024-05-01 or 2024-05-01T12:00:00Z).")
    String since;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Rules to use (leakgate or gitleaks TOML).")
    Path config;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "25MiB", converter = ByteSize.class,
            description = "Skip (and report) blobs larger than this. Default: ${DEFAULT-VALUE}.")
    long maxFileSize;

    @Mixin
    UnwrapOptions unwrap = new UnwrapOptions();

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Reading and scanning threads. Default: the number of processors.")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (it is shown only on a terminal anyway).")
    boolean quiet;

    @Option(names = "--since-ref", paramLabel = "REF",
            description = "Only what REF does not have: the commits of REF..HEAD, for pull-request and "
                    + "push jobs (REF is the target branch, e.g. origin/main, or the previous tip).")
    String sinceRef;

    @Option(names = "--log-opts", paramLabel = "OPTS", preprocessor = LogOpts.Verbatim.class,
            description = "gitleaks' git log options, as far as they name what to scan: a range A..B or a "
                    + "revision, --since=DATE, and options that only narrow a walk (--all, --no-merges, --first-parent); "
                    + "others are an error.")
    String logOpts;

    @Option(names = "--max-target-megabytes", paramLabel = "N",
            description = "gitleaks' spelling of --max-file-size N MB (millions of bytes).")
    Integer maxTargetMegabytes;

    @Option(names = "--enable-rule", paramLabel = "ID", split = ",",
            description = "Only these rules (repeat it, or separate ids by commas).")
    java.util.List<String> enabledRules;

    @Mixin
    PolicyOptions policy;

    @Mixin
    OutputOptions output;

    GitCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws LeakgateException {
        output.check();
        Scanned scanned = scanHistory(output.verbose);
        FindingFilter accepted = policy.load(scanned.workTree(), terminal);
        if (scanned.partial()) {
            // A partial scan sees only part of what the baseline covers: nothing is stale.
            accepted = accepted.partial();
        }
        return output.emit(scanned.result(), accepted, terminal);
    }

    /**
     * What a history scan found, the work tree whose configuration and ignore files apply (null
     * for a bare repository), and whether it covered less than the whole history.
     */
    record Scanned(ScanResult result, Path workTree, boolean partial) {
    }

    /** Scans the history as the options say; shared with 'baseline create --git'. */
    Scanned scanHistory(boolean verbose) throws LeakgateException {
        int n = ThreadCount.resolve(threads);
        if (source != null && repo != null) {
            throw new LeakgateException("give either REPO or --source, not both");
        }
        Path repo = source != null ? source : this.repo != null ? this.repo : Path.of(".");
        if (logOpts != null) {
            LogOpts opts = LogOpts.parse(logOpts);
            if (opts.range() != null && (range != null || sinceRef != null)) {
                throw new LeakgateException("--log-opts names a range: give no RANGE or --since-ref with it");
            }
            range = opts.range() != null ? opts.range() : range;
            since = opts.since() != null ? opts.since() : since;
        }
        if (sinceRef != null && range != null) {
            throw new LeakgateException("give either a RANGE or --since-ref, not both");
        }
        String effectiveRange = sinceRef != null ? sinceRef + "..HEAD" : range;
        HistoryScope scope = new HistoryScope(effectiveRange, branch, since == null ? null : parseDate(since));
        // A blob is scanned as one array: larger ones are listed as too large, never a crash.
        long perBlob = Math.min(ByteSize.megabytes(maxTargetMegabytes, maxFileSize), MAX_BLOB);
        GitHistory.tuneObjectCaches(perBlob);
        try (GitHistory history = GitHistory.open(terminal.resolve(repo))) {
            RuleSet rules = EnabledRules.only(new ConfigDiscovery(new ConfigLoader(), terminal)
                    .resolve(config, history.workTree()), enabledRules);
            if (verbose) {
                terminal.err().println("leakgate: " + rules.rules().size() + " rules from " + rules.origin());
            }
            ScanProgress progress = verbose ? ScanProgress.timed() : new ScanProgress();
            ScanResult result;
            try (ProgressBar bar = ProgressBar.start(progress, terminal, quiet)) {
                result = history.scan(scope, new RuleIndex(rules), n, perBlob, progress,
                        unwrap.options(perBlob, true));
            } catch (LeakgateException e) {
                throw absentRevision(e, effectiveRange, branch);
            }
            if (verbose) {
                progress.timings().forEach(t -> terminal.err().println("leakgate: " + t));
            }
            for (String note : history.notes()) {
                terminal.err().println("leakgate: " + note);
            }
            return new Scanned(result, history.workTree(), effectiveRange != null || branch != null || since != null);
        }
    }

    /**
     * A range or --since-ref that names, by its full id, a commit the repository does not have
     * (a shallow clone, a tip force-pushed away) is the user's to fix, not a corrupt repository:
     * says so, naming the option. Any other failure is returned as it is.
     */
    private LeakgateException absentRevision(LeakgateException e, String range, String branch) {
        org.eclipse.jgit.errors.MissingObjectException missing = null;
        for (Throwable t = e; t != null && missing == null; t = t.getCause()) {
            if (t instanceof org.eclipse.jgit.errors.MissingObjectException m) {
                missing = m;
            }
        }
        if (missing == null || missing.getObjectId() == null) {
            return e;
        }
        String id = missing.getObjectId().name();
        java.util.List<String> named = new java.util.ArrayList<>();
        if (range != null) {
            named.addAll(java.util.Arrays.asList(range.split("\\.\\.", -1)));
        }
        if (branch != null) {
            named.add(branch);
        }
        for (String rev : named) {
            if (rev.equalsIgnoreCase(id)) {
                String option = sinceRef != null && sinceRef.equalsIgnoreCase(id) ? "--since-ref " + sinceRef
                        : branch != null && branch.equalsIgnoreCase(id) ? "--branch " + branch : "range " + range;
                return new LeakgateException(option + ": commit " + id + " is not in this repository (a shallow "
                        + "clone, or a commit force-pushed away): fetch it, or scan without a range to cover the "
                        + "whole history");
            }
        }
        return e;
    }

    static Instant parseDate(String text) throws LeakgateException {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a plain date; try a date and time
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new LeakgateException("--since '" + text + "': expected a date like 2024-05-01 or 2024-05-01T12:00:00Z");
        }
    }
}
