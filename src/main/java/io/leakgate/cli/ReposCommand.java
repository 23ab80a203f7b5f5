package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.fleet.Datastore;
import io.leakgate.fleet.FleetScan;
import io.leakgate.fleet.RepositoryList;
import io.leakgate.report.Printable;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.PackedRules;
import io.leakgate.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakgate repos}: many repositories into one datastore, incrementally, by one or many workers. */
@Command(name = "repos",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Scans the history of many repositories, each as 'leakgate git' scans it, into a datastore "
                    + "(a SQLite file, or PostgreSQL by a jdbc:postgresql: URL). A blob the datastore has seen "
                    + "scanned by the same rules, in any repository, is not read again: a second run over "
                    + "unchanged repositories costs the fetch and the walk of their history. Findings and their "
                    + "triage status stay in the datastore: see 'leakgate report --datastore' and 'leakgate triage'.",
            "",
            "INPUT is a list file (one clone URL or path a line, # comments), a repository, a directory of "
                    + "repositories (bare or not), or a clone URL; any mix. Remote repositories are mirrored "
                    + "(every ref) into the cache and fetched incrementally on the next run.",
            "",
            "Workers given the same --run id (on one machine or many, sharing one PostgreSQL) share the run: "
                    + "each repository is claimed by one worker under a lease it renews while it scans; the "
                    + "repository of a worker that stops is taken over once its lease runs out.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no open findings in the run's repositories and none failed",
            "1:open (untriaged) findings",
            "2:usage or datastore error, or a repository failed (named on stderr with its reason)"
        })
final class ReposCommand implements Callable<Integer> {
    private final Terminal terminal;

    ReposCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "List files, repositories, directories of repositories or clone URLs.")
    List<String> inputs;

    @Mixin
    DatastoreOption datastore = new DatastoreOption();

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where remote repositories are mirrored. Default: $LEAKGATE_CACHE, else leakgate-cache "
                    + "beside the SQLite file (or in the current directory with PostgreSQL).")
    Path cache;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Repositories scanned at once by this process. Default: up to 4, one per processor.")
    Integer jobs;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Reading and scanning threads per repository. Default: the processors shared among the jobs.")
    Integer threads;

    @Option(names = "--run", paramLabel = "ID",
            description = "Join the run with this id: every worker given it shares one list of repositories, "
                    + "each scanned once. Default: a run of this invocation alone.")
    String run;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "10m", converter = LeaseDuration.class,
            description = "How long a claimed repository stays claimed without renewal (10m, 30s, 1h). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration lease;

    @Option(names = "--store-secrets",
            description = "Keep secrets in full in the datastore. By default only a redacted form (and a salted, "
                    + "slow digest that tells secrets apart) is stored.")
    boolean storeSecrets;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Rules to use (leakgate or gitleaks TOML). Default: $LEAKGATE_CONFIG, else the bundled "
                    + "pack. Other rules are another rule pack: their first run reads every blob again.")
    Path config;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "25MiB", converter = ByteSize.class,
            description = "Skip (and report) blobs larger than this. Default: ${DEFAULT-VALUE}.")
    long maxFileSize;

    @Mixin
    UnwrapOptions unwrap = new UnwrapOptions();

    @Option(names = "--exit-code", paramLabel = "N",
            description = "Exit with N instead of 1 when findings are open (0 lets a job that fills the datastore "
                    + "succeed; a failed repository still exits 2).")
    Integer exitCode;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the summary.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print diagnostics, and stack traces on errors, to stderr.")
    boolean verbose;

    @Override
    public Integer call() throws LeakgateException {
        Map<String, String> env = terminal.env();
        String spec = datastore.spec(terminal);
        int processors = Runtime.getRuntime().availableProcessors();
        int j = jobs != null ? jobs : Math.min(4, processors);
        if (j < 1) {
            throw new LeakgateException("--jobs must be at least 1");
        }
        int perRepo = threads != null ? ThreadCount.resolve(threads) : Math.max(1, processors / j);
        ConfigDiscovery discovery = new ConfigDiscovery(new ConfigLoader(), terminal);
        RuleSet rules = discovery.resolve(config, null);
        long perBlob = Math.min(maxFileSize, GitCommand.MAX_BLOB);
        io.leakgate.source.ContentScan.Options content = unwrap.options(perBlob, true);
        // What decides a blob's findings: the rules, and how deep archives and encodings are opened.
        String pack = FleetScan.packId(rulesIdentity(discovery.file(config, null)) + "\n" + content);
        Datastore store = Datastore.open(spec, env);
        Path cacheDir = cache != null ? terminal.resolve(cache)
                : env.get("LEAKGATE_CACHE") != null && !env.get("LEAKGATE_CACHE").isBlank()
                        ? terminal.resolve(Path.of(env.get("LEAKGATE_CACHE")))
                : store.file() != null ? store.file().resolveSibling("leakgate-cache") : terminal.resolve(Path.of("leakgate-cache"));
        FleetScan scan = new FleetScan(store, rules, pack, new FleetScan.Settings(run, lease, j, perRepo, perBlob,
                content, storeSecrets, cacheDir));
        long started = System.nanoTime();
        AtomicLong blobs = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<String> located = new ArrayList<>();
        for (String input : inputs) {
            located.add(RepositoryList.isUrl(input) ? input : terminal.resolve(Path.of(input)).toString());
        }
        FleetScan.Outcome outcome = scan.run(located, (r, done, total) -> {
            blobs.addAndGet(r.blobsRead());
            bytes.addAndGet(r.bytesRead());
            if (r.status() == FleetScan.Repository.Status.FAILED) {
                terminal.err().println("leakgate: [" + done + "/" + total + "] " + Printable.of(r.name()) + ": failed: "
                        + Printable.of(r.reason()));
            } else if (!quiet) {
                double seconds = (System.nanoTime() - started) / 1e9;
                terminal.err().println(String.format(Locale.ROOT, "leakgate: [%d/%d] %s: %s%d blobs read (%.1f MB), %d recalled, "
                        + "%d findings; %.1f MB/s, ETA %s", done, total, Printable.of(r.name()),
                        r.status() == FleetScan.Repository.Status.LOST ? "lost to another worker, " : "",
                        r.blobsRead(), r.bytesRead() / 1e6, r.recalled(), r.findings(),
                        bytes.get() / 1e6 / Math.max(seconds, 1e-3), eta(seconds, done, total)));
            }
        });
        long recalled = 0;
        long read = 0;
        long readBytes = 0;
        for (FleetScan.Repository r : outcome.mine()) {
            recalled += r.recalled();
            read += r.blobsRead();
            readBytes += r.bytesRead();
        }
        for (Map.Entry<String, String> f : outcome.failed().entrySet()) {
            terminal.err().println("leakgate: failed: " + Printable.of(f.getKey()) + ": " + Printable.of(f.getValue()));
        }
        terminal.err().println(String.format(Locale.ROOT, "leakgate: run %s: %d repositories (%d scanned here), %d failed; "
                + "blobs read: %d (%.1f MB), blobs recalled: %d; open findings: %d; datastore %s",
                outcome.runId(), outcome.total(), outcome.mine().size(), outcome.failed().size(), read, readBytes / 1e6,
                recalled, outcome.openFindings(), Printable.of(store.describe())));
        int code = outcome.exitCode();
        return code == 1 && exitCode != null ? exitCode : code;
    }

    private static String eta(double seconds, int done, int total) {
        if (done <= 0 || done >= total) {
            return "0s";
        }
        long left = Math.round(seconds / done * (total - done));
        return left >= 60 ? left / 60 + "m" + left % 60 + "s" : left + "s";
    }

    /** What identifies the rules: the bundled pack's id, or the digest of the rules file. */
    private static String rulesIdentity(Path file) throws LeakgateException {
        if (file == null) {
            String id = PackedRules.bundledId();
            return "bundled " + (id != null ? id : "unknown");
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return "file " + HexFormat.of().formatHex(d);
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
