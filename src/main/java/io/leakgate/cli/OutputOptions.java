package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.finding.Fingerprint;
import io.leakgate.finding.ScanResult;
import io.leakgate.policy.Baseline;
import io.leakgate.policy.FindingFilter;
import io.leakgate.policy.IgnoreFile;
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
    @Option(names = {"-f", "--format", "--report-format"}, paramLabel = "FORMAT",
            description = "Report format: text, json, sarif, csv or junit. Default: text, or json with "
                    + "--report-path (as in gitleaks).")
    ReportFormat format;

    @Option(names = {"-r", "--report"}, paramLabel = "FILE",
            description = "Write the report to FILE and print only a one-line summary on the terminal "
                    + "('-': standard output).")
    Path report;

    @Option(names = "--report-path", paramLabel = "FILE",
            description = "gitleaks' spelling of --report; the format is then json unless --report-format says otherwise.")
    Path reportPath;

    @Option(names = "--show-secrets",
            description = "Print secrets in full. By default they are redacted (AKIAYVP4…ZTGT) everywhere.")
    boolean showSecrets;

    @Option(names = "--redact", paramLabel = "PERCENT", arity = "0..1", fallbackValue = "100",
            description = "Accepted for gitleaks' command lines: secrets are always redacted unless "
                    + "--show-secrets is given, whatever PERCENT (0-100) says.")
    Integer redact;

    @Option(names = "--exit-code", paramLabel = "N",
            description = "Exit with N instead of 1 when secrets are found (as in gitleaks; 0 lets a CI job "
                    + "pass while the report still lists them).")
    Integer exitCode;

    @Option(names = "--no-color", description = "Never colour the output (colour is used only on a terminal).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Print diagnostics, and stack traces on errors, to stderr.")
    boolean verbose;

    /** Writes the report where asked and returns the exit code for the result. */
    int emit(ScanResult result, Terminal terminal) throws LeakgateException {
        return emit(result, FindingFilter.NONE, terminal);
    }

    /**
     * Runs the findings through the policy, reports the new ones where asked (the summary counts
     * those held back) and returns the exit code: {@link Main#FOUND} only for new findings.
     * With {@code --verbose}, stale baseline entries and unused ignore lines are listed on err.
     */
    int emit(ScanResult all, FindingFilter policy, Terminal terminal) throws LeakgateException {
        check();
        PrintStream out = terminal.out();
        PrintStream err = terminal.err();
        Path report = reportPath != null ? reportPath : this.report;
        if (report != null && report.toString().equals("-")) {
            report = null;
        }
        ReportFormat format = this.format != null ? this.format
                : reportPath != null ? ReportFormat.JSON : ReportFormat.TEXT;
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
                Path parent = terminal.resolve(report).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream file = Files.newOutputStream(terminal.resolve(report))) {
                    format.create(redactor, false).write(result, held, file);
                }
                err.println(Summary.line(result, held) + " · report written to " + report);
            } else {
                format.create(redactor, colour(terminal)).write(result, held, out);
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
        return result.findings().isEmpty() ? Main.CLEAN : exitCode != null ? exitCode : Main.FOUND;
    }

    /** Refuses contradictory options before any work is done. */
    void check() throws LeakgateException {
        if (reportPath != null && report != null) {
            throw new LeakgateException("give either --report or --report-path, not both");
        }
        if (redact != null && (redact < 0 || redact > 100)) {
            throw new LeakgateException("--redact " + redact + ": expected a percentage from 0 to 100");
        }
        if (redact != null && showSecrets) {
            throw new LeakgateException("give either --redact or --show-secrets, not both");
        }
        if (exitCode != null && (exitCode < 0 || exitCode > 255)) {
            throw new LeakgateException("--exit-code " + exitCode + ": expected a number from 0 to 255");
        }
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

    private boolean colour(Terminal terminal) {
        return !noColor && terminal.console().getAsBoolean() && terminal.env().get("NO_COLOR") == null
                && !"dumb".equals(terminal.env().get("TERM"));
    }
}
