package io.leakgate.report;

/** The report formats leakgate writes. */
public enum ReportFormat {
    TEXT, JSON, SARIF, CSV, JUNIT;

    public Report create(Redactor redactor, boolean colour) {
        return switch (this) {
            case TEXT -> new TextReport(redactor, colour);
            case JSON -> new JsonReport(redactor);
            case SARIF -> new SarifReport(redactor);
            case CSV -> new CsvReport(redactor);
            case JUNIT -> new JunitReport(redactor);
        };
    }
}
