package io.leakgate.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Usage help that wraps lines only at spaces. picocli wraps with the JDK's line break rules,
 * which break after a dot: {@code .gitleaks.toml} and {@code REF..HEAD} came out cut in two.
 */
final class HelpLayout extends Help {
    private HelpLayout(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Makes every command of {@code cli}'s tree print its help this way. */
    static void install(CommandLine cli) {
        cli.setHelpFactory(HelpLayout::new);
    }

    @Override
    public Layout createDefaultLayout() {
        Layout standard = super.createDefaultLayout();
        return new Layout(colorScheme(), SpaceWrapped.of(colorScheme(), standard.textTable()),
                createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    @Override
    public Layout createDefaultLayout(List<CommandLine.Model.OptionSpec> options,
            List<CommandLine.Model.PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout standard = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, SpaceWrapped.of(scheme, standard.textTable()),
                createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    @Override
    public String description(Object... params) {
        return lines(commandSpec().usageMessage().description());
    }

    @Override
    public String footer(Object... params) {
        return lines(commandSpec().usageMessage().footer());
    }

    /** Lines as given, each too long for the width wrapped at spaces under its own indentation. */
    private String lines(String[] given) {
        int width = commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        for (String p : given) {
            for (String line : p.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
                int lead = line.length() - line.stripLeading().length();
                for (String wrapped : wrap(line, width, lead == 0 ? 0 : lead + 4)) {
                    out.append(wrapped).append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }

    /**
     * Words of {@code text} in lines of at most {@code width} characters, the lines after the
     * first indented by {@code indent}; a word longer than a line gets a line of its own.
     */
    static List<String> wrap(String text, int width, int indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        line.append(lead);
        boolean empty = true;
        for (String word : text.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(" ".repeat(indent));
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    /** A table whose wrapping columns break lines at spaces only. */
    static final class SpaceWrapped extends TextTable {
        private final ColorScheme scheme;

        private SpaceWrapped(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        static SpaceWrapped of(ColorScheme scheme, TextTable like) {
            SpaceWrapped t = new SpaceWrapped(scheme, like.columns());
            t.indentWrappedLines = like.indentWrappedLines;
            t.setAdjustLineBreaksForWideCJKCharacters(like.isAdjustLineBreaksForWideCJKCharacters());
            return t;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value == null ? "" : value.plainString();
            int room = column.width - column.indent - indentWrappedLines - 1;
            if (column.overflow != Column.Overflow.WRAP || plain.length() <= room || room < 10
                    || plain.indexOf('\n') >= 0 || !value.toString().equals(plain)) {
                return super.putValue(row, col, value);
            }
            List<String> lines = wrap(plain, room, 0);
            Cell last = super.putValue(row, col, scheme.text(lines.get(0)));
            for (int i = 1; i < lines.size(); i++) {
                addEmptyRow();
                last = super.putValue(rowCount() - 1, col,
                        scheme.text(" ".repeat(indentWrappedLines) + lines.get(i)));
            }
            return last;
        }
    }
}
