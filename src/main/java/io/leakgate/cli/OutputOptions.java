package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.ScanResult;
import io.leakgate.report.Redactor;
import io.leakgate.report.ReportFormat;
import io.leakgate.report.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reports: format, destination, redaction. Shared by every scanning command. */
final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ReportFormat format;

    @Option(names = {"-r", "--report"}, paramLabel = "FILE",
            description = "Write the report to FILE and print only a one-line summary on the terminal.")
    Path report;

    @Option(names = "--show-secrets",
            description = "Print secrets in full. By default they are redacted (AKIAYVP4…ZTGT) everywhere.")
    boolean showSecrets;

    @Option(names = "--no-color", description = "Never colour the output (colour is used only on a terminal).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Print diagnostics, and stack traces on errors, to stderr.")
    boolean verbose;

    /** Writes the report where asked and returns the exit code for the result. */
    int emit(ScanResult result, PrintStream out, PrintStream err) throws LeakgateException {
        Redactor redactor = new Redactor(showSecrets);
        try {
            if (report != null) {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream file = Files.newOutputStream(report)) {
                    format.create(redactor, false).write(result, file);
                }
                err.println(Summary.line(result) + " · report written to " + report);
            } else {
                format.create(redactor, colour()).write(result, out);
                if (format != ReportFormat.TEXT) {
                    err.println(Summary.line(result));
                }
            }
        } catch (IOException e) {
            throw new LeakgateException((report != null ? report + ": " : "") + "cannot write report: "
                    + e.getMessage(), e);
        }
        out.flush();
        err.flush();
        return result.findings().isEmpty() ? Main.CLEAN : Main.FOUND;
    }

    private boolean colour() {
        return !noColor && System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
