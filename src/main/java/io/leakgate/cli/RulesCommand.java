package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.ExampleCheck;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leakgate rules}: list the active rules and check their examples. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Lists the active rules, or checks every rule's examples.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.CheckRules.class})
final class RulesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list or check");
    }

    /** Options shared by the rules subcommands. */
    static final class ConfigOption {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Rules to use instead of the discovered config (see 'leakgate scan --help').")
        Path config;

        @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors.")
        boolean verbose;

        RuleSet load(Terminal terminal) throws LeakgateException {
            return new ConfigDiscovery(new ConfigLoader(), terminal).resolve(config, terminal.resolve(Path.of(".")));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = "Prints the active rules, one a line: id, severity, keywords (a rule's regex runs only "
                    + "near one of them; long lists are cut short) and description.")
    static final class ListRules implements Callable<Integer> {
        private final Terminal terminal;

        @picocli.CommandLine.Mixin
        ConfigOption options;

        ListRules(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException {
            RuleSet rules = options.load(terminal);
            java.io.PrintStream out = terminal.out();
            int width = rules.rules().stream().mapToInt(r -> r.id().length()).max().orElse(10);
            int keywordWidth = rules.rules().stream().mapToInt(r -> keywords(r).length()).max().orElse(8);
            for (Rule r : rules.rules()) {
                out.printf("%-" + width + "s  %-8s  %-" + keywordWidth + "s  %s%n", r.id(), r.severity().label(),
                        keywords(r), r.description());
            }
            out.println(rules.rules().size() + " rules from " + rules.origin());
            return Main.CLEAN;
        }
    }

    /** A rule's keywords as listed, cut short where a rule has many: the columns stay readable. */
    static String keywords(Rule r) {
        String all = r.keywords().isEmpty() ? "-" : String.join(", ", r.keywords());
        return all.length() > 40 ? all.substring(0, 39) + "…" : all;
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = {
                "Runs every rule's examples (each must be found by its rule) and negative_examples "
                        + "(none may be) through the full detector, and reports failures.",
                "Exit code 0 when all pass, 1 when any fails, 2 when the config cannot be loaded."
            })
    static final class CheckRules implements Callable<Integer> {
        private final Terminal terminal;

        @picocli.CommandLine.Mixin
        ConfigOption options;

        @Option(names = "--require-examples",
                description = "Also fail rules that carry no examples or no negative_examples.")
        boolean requireExamples;

        CheckRules(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException {
            RuleSet rules = options.load(terminal);
            ExampleCheck.Outcome outcome = ExampleCheck.run(rules, requireExamples);
            for (ExampleCheck.Failure f : outcome.failures()) {
                String text = f.example() == null ? "" : ": " + abbreviate(f.example().text());
                terminal.out().println("FAIL " + f.ruleId() + " " + f.kind() + " " + f.problem() + text);
            }
            terminal.out().println(outcome.rules() + " rules, " + outcome.examples() + " examples, "
                    + outcome.failures().size() + " failures (" + rules.origin() + ")");
            return outcome.failures().isEmpty() ? Main.CLEAN : Main.FOUND;
        }

        private static String abbreviate(String s) {
            String one = s.replace("\n", "\\n");
            return one.length() > 100 ? one.substring(0, 100) + "…" : one;
        }
    }
}
