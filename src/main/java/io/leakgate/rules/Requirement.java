package io.leakgate.rules;

/**
 * A rule another rule needs (gitleaks' {@code [[rules.required]]}): the requiring rule reports a
 * match only when this rule also finds something within the given distance in the same content.
 *
 * @param ruleId        the required rule
 * @param withinLines   most lines between the two, or -1 for no limit
 * @param withinColumns most columns between their first characters, or -1 for no limit; alone,
 *                      it also asks for the same line
 */
public record Requirement(String ruleId, int withinLines, int withinColumns) {
    /** Whether a secret at (line, column) is near enough to one at (otherLine, otherColumn). */
    public boolean near(int line, int column, int otherLine, int otherColumn) {
        int lines = Math.abs(line - otherLine);
        if (withinLines >= 0 && lines > withinLines) {
            return false;
        }
        if (withinColumns >= 0) {
            return (withinLines >= 0 || lines == 0) && Math.abs(column - otherColumn) <= withinColumns;
        }
        return true;
    }
}
