package io.leakgate.cli;

import io.leakgate.hook.PreReceive;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leakgate pre-receive}: the server-side gate, run by {@code hooks/pre-receive}. */
@Command(name = "pre-receive",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Server-side gate for a bare repository: reads '<old> <new> <ref>' lines on standard input "
                    + "(as git's pre-receive hook does), scans every commit the push brings to every ref, and "
                    + "rejects the push when it introduces a secret. Runs inside git's object quarantine and "
                    + "never writes to the repository.",
            "",
            "Policy comes from the repository's git config (git config --system for all repositories); "
                    + "these options override it:",
            "  leakgate.config       rules file (default: the bundled pack)",
            "  leakgate.warnRule     rule ids that only warn (repeatable, or comma-separated)",
            "  leakgate.timeBudget   e.g. 4.5s (default: none)",
            "  leakgate.onTimeout    reject (default) or accept (audited)",
            "  leakgate.onError      reject (default) or accept (audited)",
            "  leakgate.maxFileSize  files larger than this are not read (default 25MiB)",
            "  leakgate.onUnscanned  reject (default) or accept (audited): content that could not be read",
            "  leakgate.allowBypass  true (default): git push -o leakgate.bypass=\"reason\" is accepted and audited"
                    + " (a reason is required)",
            "  leakgate.auditLog     JSON-lines audit file (default: leakgate-audit.jsonl in the repository)",
            "  leakgate.maxListed    findings listed in a rejection (default 10)",
            "  leakgate.baseline     accepted findings (a baseline file on the server)",
            "Ignore files (.leakgateignore, .gitleaksignore) are read as they are on the server, at the "
                    + "tips being updated, never from the pushed commits.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:push accepted",
            "1:push rejected (secrets, or the time budget ran out)",
            "2:push rejected because the scan could not run (bad config, unsupported repository)"
        })
final class PreReceiveCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Rules to use (overrides leakgate.config).")
    Path config;

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "Stop scanning after this long, e.g. 4.5s for GitHub Enterprise's 5 s limit.")
    String timeBudget;

    @Option(names = "--on-timeout", paramLabel = "reject|accept", description = "What to do when the budget runs out.")
    String onTimeout;

    @Option(names = "--on-error", paramLabel = "reject|accept", description = "What to do when the scan cannot run.")
    String onError;

    @Option(names = "--no-bypass", description = "Refuse -o leakgate.bypass for this run.")
    boolean noBypass;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "Where bypasses and unscanned pushes are recorded.")
    Path auditLog;

    @Option(names = "--warn-rule", paramLabel = "ID", description = "A rule that only warns (repeatable).")
    List<String> warnRules = List.of();

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Do not read larger files (overrides leakgate.maxFileSize; default 25MiB); "
                    + "what is not read follows leakgate.onUnscanned.")
    Long maxFileSize;

    @Option(names = {"-v", "--verbose"}, description = "Print each phase's time, and stack traces on internal errors.")
    boolean verbose;

    PreReceiveCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        PreReceive.Options options = new PreReceive.Options(terminal.resolve(config), timeBudget, onTimeout, onError,
                noBypass ? Boolean.FALSE : null, terminal.resolve(auditLog), new HashSet<>(warnRules), maxFileSize, verbose);
        return new PreReceive(terminal.env(), terminal.cwd(), terminal.err()).run(terminal.in(), options);
    }
}
