package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.finding.ScanResult;
import io.leakgate.policy.FindingFilter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leakgate scan}: files, directories and standard input. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Scans files and directories for secrets, recursively, or standard input when PATH is '-'.",
            "Directories are walked without following symbolic links; .git/ is skipped and what "
                    + ".gitignore files ignore is left out unless --no-gitignore is given. PNG, GIF and JPEG "
                    + "images that parse to their end and hold no text are skipped and counted; other "
                    + "binary files are scanned.",
            "",
            "Rules come from --config, else $LEAKGATE_CONFIG, else .leakgate.toml or .gitleaks.toml in "
                    + "the first PATH (when it is a directory), else the bundled default pack.",
            "",
            "Findings in the --baseline file, or listed in .leakgateignore or .gitleaksignore in the first "
                    + "PATH, are not reported; the summary line counts them.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no (new) secrets found",
            "1:secrets found",
            "2:usage, configuration or runtime error"
        })
final class ScanCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    ScanInputs input;

    @Mixin
    PolicyOptions policy;

    @Mixin
    OutputOptions output;

    @Option(names = {"-q", "--quiet"}, description = "No progress display (it is shown only on a terminal anyway).")
    boolean quiet;

    ScanCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws LeakgateException {
        output.check();
        FindingFilter p = policy.load(terminal.resolve(input.root()), terminal);
        FileProgress progress = new FileProgress();
        ScanResult result;
        try (ProgressBar bar = ProgressBar.start(progress, terminal, quiet)) {
            result = input.scan(output.verbose, terminal, progress);
        }
        return output.emit(result, p, terminal);
    }
}
