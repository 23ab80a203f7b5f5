package io.leakgate.report;

/**
 * Findings a run's policy held back from the report: accepted in a baseline, or listed in an
 * ignore file. Reports show only new findings; these counts tell the reader what was left out.
 *
 * @param applied   whether a baseline or an ignore file was in force (the summary then says
 *                  how many findings are new even when nothing was held back)
 * @param baselined findings accepted in the baseline
 * @param ignored   findings listed in {@code .leakgateignore} or {@code .gitleaksignore}
 */
public record Suppressed(boolean applied, int baselined, int ignored) {
    /** No baseline and no ignore file: every finding is reported. */
    public static final Suppressed NONE = new Suppressed(false, 0, 0);

    public Suppressed {
        if (baselined < 0 || ignored < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    public static Suppressed of(int baselined, int ignored) {
        return new Suppressed(true, baselined, ignored);
    }
}
