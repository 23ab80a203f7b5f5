package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.finding.ScanResult;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.FindingFilter;
import io.leakgate.policy.IgnoreFile;
import io.leakgate.policy.Triage;
import io.leakgate.report.Printable;
import io.leakgate.report.Summary;
import io.leakgate.report.Suppressed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code leakgate baseline}: accept today's findings so that only new ones are reported. */
@Command(name = "baseline",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Records accepted findings in a baseline file, so that 'scan --baseline FILE' (and every other "
                    + "command taking --baseline) reports only new ones.",
            "Entries are content fingerprints (rule, path and a hash of the secret): they survive rebases, "
                    + "squashes and line moves, and the file never holds a secret.",
            ""
        },
        subcommands = {BaselineCommand.Create.class, BaselineCommand.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  leakgate baseline create --report .leakgate-baseline.json .",
            "  leakgate scan --baseline .leakgate-baseline.json .",
            "  leakgate baseline prune --baseline .leakgate-baseline.json ."
        })
final class BaselineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: create or prune");
    }

    /** {@code leakgate baseline create}. */
    @Command(name = "create",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class,
            description = {
                "Scans like 'leakgate scan' and writes every finding to a baseline file. Findings that "
                        + ".leakgateignore or .gitleaksignore already ignore are left out.",
                "With --git, scans the whole history of the repository PATH names instead, like "
                        + "'leakgate git', and accepts every place each secret was seen: what only history "
                        + "holds can then be accepted for 'leakgate git --baseline'. With --from-report, "
                        + "scans nothing and accepts the findings of a leakgate JSON report.",
                ""
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:baseline written", "2:usage, configuration or runtime error"})
    static final class Create implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        ScanInputs input;

        @Option(names = {"-r", "--report"}, paramLabel = "FILE", required = true,
                description = "Where to write the baseline (JSON). Commit it beside the code.")
        Path report;

        @Option(names = "--ignore-file", paramLabel = "FILE",
                description = "Also honour this ignore file, like 'scan --ignore-file'.")
        List<Path> ignoreFiles = List.of();

        @Option(names = {"-v", "--verbose"}, description = "Print diagnostics, and stack traces on errors, to stderr.")
        boolean verbose;

        @Option(names = "--git", description = "Scan the history of the repository PATH (default '.'): every "
                + "commit reachable from any ref.")
        boolean git;

        @Option(names = "--from-report", paramLabel = "REPORT",
                description = "Accept the findings of this leakgate JSON report ('--format json') instead of scanning.")
        Path fromReport;

        Create(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException {
            if (fromReport != null) {
                if (git || input.given != null || input.source != null) {
                    throw new LeakgateException("--from-report takes no PATH and no --git: the report says what was scanned");
                }
                Baseline fromJson = Baseline.fromReport(terminal.resolve(fromReport));
                fromJson.write(terminal.resolve(report));
                terminal.err().println("leakgate: baseline written to " + report + ": " + fromJson.size()
                        + (fromJson.size() == 1 ? " entry" : " entries") + " from " + fromReport);
                return Main.CLEAN;
            }
            ScanResult all;
            FindingFilter policy;
            if (git) {
                if (input.paths().size() != 1 || input.paths().get(0).equals("-")) {
                    throw new LeakgateException("--git takes one repository PATH");
                }
                GitCommand history = new GitCommand(terminal);
                history.repo = Path.of(input.paths().get(0));
                history.config = input.config;
                history.maxFileSize = ByteSize.megabytes(input.maxTargetMegabytes, input.maxFileSize);
                history.threads = input.threads;
                history.quiet = true;
                history.enabledRules = input.enabledRules;
                history.unwrap = input.unwrap;
                GitCommand.Scanned scanned = history.scanHistory(verbose);
                all = scanned.result();
                policy = FindingFilter.load(null, resolved(ignoreFiles), scanned.workTree());
            } else {
                policy = FindingFilter.load(null, resolved(ignoreFiles), terminal.resolve(input.root()));
                all = input.scan(verbose, terminal);
            }
            Triage triage = policy.apply(all);
            Baseline baseline = Baseline.of(triage.fresh());
            baseline.write(terminal.resolve(report));
            ScanResult accepted = triage.reported(all);
            terminal.err().println("leakgate: baseline written to " + report + ": " + baseline.size()
                    + (baseline.size() == 1 ? " entry" : " entries") + " · " + Summary.line(accepted,
                            policy.active() ? Suppressed.of(0, triage.ignored().size()) : Suppressed.NONE));
            return Main.CLEAN;
        }

        private List<Path> resolved(List<Path> paths) {
            return paths.stream().map(terminal::resolve).toList();
        }
    }

    /** {@code leakgate baseline prune}. */
    @Command(name = "prune",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class,
            description = {
                "Scans like 'leakgate scan' and removes the baseline entries that are no longer found "
                        + "(the secret was removed, or its file was). Scan everything the baseline covers: "
                        + "entries for paths outside the scanned ones are stale too.",
                ""
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:baseline pruned (or nothing to prune)", "2:usage, configuration or runtime error"})
    static final class Prune implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        ScanInputs input;

        @Option(names = "--baseline", paramLabel = "FILE", required = true, description = "The baseline to prune.")
        Path baselineFile;

        @Option(names = {"-r", "--report"}, paramLabel = "FILE",
                description = "Write the pruned baseline here instead of back to --baseline.")
        Path report;

        @Option(names = {"-v", "--verbose"}, description = "List the removed entries on stderr.")
        boolean verbose;

        Prune(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException {
            Baseline baseline = Baseline.load(terminal.resolve(baselineFile));
            FindingFilter policy = new FindingFilter(baseline, IgnoreFile.discover(terminal.resolve(input.root())));
            ScanResult all = input.scan(verbose, terminal);
            Triage triage = policy.apply(all);
            Baseline pruned = baseline.without(triage.stale());
            Path target = report != null ? report : baselineFile;
            if (verbose) {
                for (Baseline.Entry e : triage.stale()) {
                    terminal.err().println("leakgate: removed " + e.fingerprint() + " (" + Printable.of(e.rule()) + " in "
                            + Printable.of(e.path()) + ")");
                }
            }
            if (!triage.stale().isEmpty() || report != null) {
                pruned.write(terminal.resolve(target));
            }
            int n = triage.stale().size();
            String line = "leakgate: " + (n == 0 ? "no stale entries" : "removed " + n + " stale "
                    + (n == 1 ? "entry" : "entries")) + ", " + pruned.size() + " kept in " + target;
            if (!triage.fresh().isEmpty()) {
                line += " · " + triage.fresh().size() + " new " + (triage.fresh().size() == 1 ? "finding is" : "findings are")
                        + " not in the baseline ('leakgate scan --baseline " + baselineFile + "' lists them)";
            }
            terminal.err().println(line);
            return Main.CLEAN;
        }
    }
}
