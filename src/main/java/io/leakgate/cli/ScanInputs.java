package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.ScanResult;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import io.leakgate.source.DirectorySource;
import io.leakgate.source.StreamTarget;
import io.leakgate.source.TargetScanner;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a file scan covers and with which rules: shared by {@code scan} and {@code baseline}. */
final class ScanInputs {
    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to scan, or '-' for standard input. Default: the current directory.")
    List<String> given;

    @Option(names = {"-s", "--source"}, paramLabel = "PATH",
            description = "gitleaks' spelling of a PATH to scan.")
    String source;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Rules to use (leakgate or gitleaks TOML).")
    Path config;

    @Option(names = "--no-gitignore", description = "Also scan files that .gitignore files ignore.")
    boolean noGitignore;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "25MiB", converter = ByteSize.class,
            description = "Skip (and report) files larger than this; of standard input and pipes, scan "
                    + "this much and report the rest. Default: ${DEFAULT-VALUE}.")
    long maxFileSize;

    @Mixin
    UnwrapOptions unwrap = new UnwrapOptions();

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Scanning threads. Default: the number of processors; at most "
                    + ThreadCount.MAX_PER_PROCESSOR + " per processor.")
    Integer threads;

    @Option(names = "--max-target-megabytes", paramLabel = "N",
            description = "gitleaks' spelling of --max-file-size N MB (millions of bytes).")
    Integer maxTargetMegabytes;

    @Option(names = "--enable-rule", paramLabel = "ID", split = ",",
            description = "Only these rules (repeat it, or separate ids by commas).")
    List<String> enabledRules;

    /** The PATHs and --source, or the current directory when neither is given. */
    List<String> paths() {
        List<String> all = new java.util.ArrayList<>();
        if (source != null) {
            all.add(source);
        }
        if (given != null) {
            all.addAll(given);
        }
        return all.isEmpty() ? List.of(".") : all;
    }

    /** The first PATH when it is not standard input: where configuration and ignore files are found. */
    Path root() {
        List<String> paths = paths();
        return paths.get(0).equals("-") ? null : Path.of(paths.get(0));
    }

    ScanResult scan(boolean verbose, Terminal terminal) throws LeakgateException {
        return scan(verbose, terminal, new FileProgress());
    }

    /** Scans, counting on {@code progress} each file and its size as it is handed to the scanners. */
    ScanResult scan(boolean verbose, Terminal terminal, FileProgress progress) throws LeakgateException {
        RuleSet rules = EnabledRules.only(new ConfigDiscovery(new ConfigLoader(), terminal)
                .resolve(config, terminal.resolve(root())), enabledRules);
        if (verbose) {
            terminal.err().println("leakgate: " + rules.rules().size() + " rules from " + rules.origin());
        }
        int n = ThreadCount.resolve(threads);
        long limit = ByteSize.megabytes(maxTargetMegabytes, maxFileSize);
        TargetScanner scanner = new TargetScanner(new RuleIndex(rules), n, limit, unwrap.options(limit, true));
        DirectorySource walker = new DirectorySource(!noGitignore);
        return scanner.scan(scanners -> {
            java.util.function.Consumer<io.leakgate.source.Target> sink = progress.counting(scanners);
            for (String p : paths()) {
                if (p.equals("-")) {
                    sink.accept(new StreamTarget("-", terminal::in));
                } else {
                    walker.walk(terminal.resolve(Path.of(p)), Path.of(p), sink);
                }
            }
        });
    }
}
