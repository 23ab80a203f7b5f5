package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.Fingerprint;
import io.leakgate.detect.ScanResult;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.IgnoreFile;
import io.leakgate.policy.Policy;
import io.leakgate.policy.Triage;
import io.leakgate.report.Printable;
import io.leakgate.report.Redactor;
import io.leakgate.report.ReportFormat;
import io.leakgate.report.Summary;
import io.leakgate.report.Suppressed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reports: format, destination, redaction. Shared by every scanning command. */
final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: text, json, sarif, csv or junit. Default: ${DEFAULT-VALUE}.")
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
        return emit(result, Policy.NONE, out, err);
    }

    /**
     * Runs the findings through the policy, reports the new ones where asked (the summary counts
     * those held back) and returns the exit code: {@link Main#FOUND} only for new findings.
     * With {@code --verbose}, stale baseline entries and unused ignore lines are listed on err.
     */
    int emit(ScanResult all, Policy policy, PrintStream out, PrintStream err) throws LeakgateException {
        Triage triage = policy.apply(all);
        ScanResult result = triage.reported(all);
        Suppressed held = policy.active()
                ? Suppressed.of(triage.baselined().size(), triage.ignored().size())
                : Suppressed.NONE;
        if (verbose) {
            explain(triage, err);
        }
        Redactor redactor = new Redactor(showSecrets);
        Fingerprint.deriveAll(result.findings(), false);
        try {
            if (report != null) {
                Path parent = report.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream file = Files.newOutputStream(report)) {
                    format.create(redactor, false).write(result, held, file);
                }
                err.println(Summary.line(result, held) + " · report written to " + report);
            } else {
                format.create(redactor, colour()).write(result, held, out);
                // A PrintStream keeps write errors to itself (stdout on a full disk, a closed pipe).
                if (out.checkError()) {
                    throw new LeakgateException("standard output: cannot write report");
                }
                if (format != ReportFormat.TEXT) {
                    err.println(Summary.line(result, held));
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

    /** What a user needs to keep a baseline and ignore files tidy. */
    static void explain(Triage triage, PrintStream err) {
        for (Baseline.Entry e : triage.stale()) {
            err.println("leakgate: stale baseline entry " + e.fingerprint() + " (" + Printable.of(e.rule()) + " in "
                    + Printable.of(e.path())
                    + "): no longer found; 'leakgate baseline prune' removes it");
        }
        for (IgnoreFile.Entry e : triage.unusedIgnores()) {
            err.println("leakgate: " + Printable.of(e.source()) + ": ignore line matched no finding");
        }
        for (var e : triage.lineBased().entrySet()) {
            err.println("leakgate: " + Printable.of(e.getKey().source()) + ": gitleaks ignore line matches by line number; "
                    + "replace it with " + e.getValue() + " to keep matching when the line moves");
        }
    }

    private boolean colour() {
        return !noColor && System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
