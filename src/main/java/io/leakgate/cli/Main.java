package io.leakgate.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leakgate.LeakgateException;
import io.leakgate.Version;
import io.leakgate.report.Printable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code leakgate} command: a thin shell over the scanning pipeline. */
@Command(name = "leakgate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Finds secrets (API keys, tokens, passwords, private keys) in files, standard input and "
                    + "Git history, and blocks pushes and commits that carry them.",
            ""
        },
        subcommands = {ScanCommand.class, GitCommand.class, ImageCommand.class, BaselineCommand.class,
            RulesCommand.class, PreReceiveCommand.class,
            ClientHookCommands.PreCommit.class, ClientHookCommands.PrePush.class, InstallCommand.class,
            ReposCommand.class, DatastoreReportCommand.class, TriageCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no secrets found",
            "1:secrets found (or push rejected)",
            "2:usage, configuration or runtime error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  leakgate scan .                       scan the current directory",
            "  leakgate scan --format json -         scan standard input, JSON report",
            "  leakgate git .                        scan every commit of the repository here",
            "  leakgate scan -f sarif -r leakgate.sarif --baseline .leakgate-baseline.json .",
            "                                        new findings only, as SARIF for code scanning",
            "  leakgate image app.tar                scan a saved container image",
            "  leakgate rules check --config my.toml run a config's rule examples",
            "",
            "Run 'leakgate COMMAND --help' for a command's options."
        })
public final class Main implements Runnable {
    /** Exit code when nothing was found. */
    public static final int CLEAN = 0;
    /** Exit code when secrets were found or a push is rejected. */
    public static final int FOUND = 1;
    /** Exit code for usage, configuration and runtime errors. */
    public static final int ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(Terminal.process(), args));
    }

    /** Runs leakgate with {@code terminal}'s streams, environment and directory; returns the exit code. */
    public static int run(Terminal terminal, String... given) {
        String[] args;
        try {
            args = GitleaksForms.translate(given);
        } catch (LeakgateException e) {
            terminal.err().println("leakgate: " + Printable.of(e.getMessage()));
            return ERROR;
        }
        Object command = args.length > 0 ? subcommand(args[0], terminal) : null;
        if (command == null && args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
            String nearest = NearestCommand.to(args[0]);
            terminal.err().println("leakgate: unknown command '" + Printable.of(args[0]) + "'"
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : "")
                    + " ('leakgate --help' lists the commands)");
            return ERROR;
        }
        if (command != null) {
            try {
                io.leakgate.finding.FingerprintKey.check();
            } catch (LeakgateException e) {
                terminal.err().println("leakgate: " + Printable.of(e.getMessage()));
                return ERROR;
            }
        }
        if (command == null) {
            return commandLine(terminal).execute(args);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (command instanceof PreReceiveCommand gate && rest.length == 1
                && (rest[0].equals("--verbose") || rest[0].equals("-v"))) {
            // LEAKGATE_OPTS=--verbose: the phase trace of the same lean start as a plain run.
            gate.verbose = true;
            return direct(gate, terminal);
        }
        if (isHook(command) && !hasOption(rest)) {
            // A hook starts a JVM on every push and commit, and git runs it without options.
            // That common case skips picocli, whose model of a command costs a cold JVM tens of
            // ms (its classes are too old for the class-data-sharing archive).
            if (command instanceof ClientHookCommands.PrePush push && rest.length <= 2) {
                push.remote = rest.length > 0 ? rest[0] : null;
                push.url = rest.length > 1 ? rest[1] : null;
                return direct(push, terminal);
            }
            if (rest.length == 0) {
                return direct((java.util.concurrent.Callable<?>) command, terminal);
            }
        }
        // Build only the command asked for: picocli models every command, option and mixin it is
        // given through reflection and annotation proxies, which a cold JVM pays for.
        if (command instanceof GitCommand) {
            // Most history scans are of the repository here: JGit's set-up for it runs while
            // picocli builds the command's model.
            io.leakgate.source.git.GitHistory.prepare(terminal.resolve(java.nio.file.Path.of("")));
        }
        CommandLine one = configure(new CommandLine(command, new CommandFactory(terminal)), terminal);
        one.setCommandName("leakgate " + args[0]);
        return one.execute(rest);
    }

    /** Runs a hook command built without picocli, with the same error handling. */
    private static int direct(java.util.concurrent.Callable<?> command, Terminal terminal) {
        try {
            Object exit = command.call();
            return exit instanceof Integer code ? code : CLEAN;
        } catch (LeakgateException e) {
            terminal.err().println("leakgate: " + Printable.of(e.getMessage()));
            return ERROR;
        } catch (Exception e) {
            terminal.err().println("leakgate: internal error: " + Printable.of(String.valueOf(e))
                    + " (run with --verbose for details)");
            return ERROR;
        }
    }

    /**
     * The top-level command called {@code name}, or null (help, or not a command): plain code,
     * as lambdas and reflection cost a cold JVM their linking. Lists the same commands as the
     * {@code subcommands} of {@link Main}'s annotation (a test holds the two lists together).
     */
    static Object subcommand(String name, Terminal terminal) {
        switch (name) {
            case "pre-receive":
                return new PreReceiveCommand(terminal);
            case "pre-commit":
                return new ClientHookCommands.PreCommit(terminal);
            case "pre-push":
                return new ClientHookCommands.PrePush(terminal);
            case "scan":
                return new ScanCommand(terminal);
            case "git":
                return new GitCommand(terminal);
            case "image":
                return new ImageCommand(terminal);
            case "baseline":
                return new BaselineCommand();
            case "rules":
                return new RulesCommand();
            case "install":
                return new InstallCommand(terminal);
            case "repos":
                return new ReposCommand(terminal);
            case "report":
                return new DatastoreReportCommand(terminal);
            case "triage":
                return new TriageCommand(terminal);
            default:
                return null;
        }
    }

    private static boolean isHook(Object command) {
        return command instanceof PreReceiveCommand || command instanceof ClientHookCommands.PreCommit
                || command instanceof ClientHookCommands.PrePush;
    }

    private static boolean hasOption(String[] args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                return true;
            }
        }
        return false;
    }

    static CommandLine commandLine(Terminal terminal) {
        return configure(new CommandLine(new Main(), new CommandFactory(terminal)), terminal);
    }

    private static CommandLine configure(CommandLine cli, Terminal terminal) {
        if (!terminal.ownStreams()) {
            // picocli's own output (help, usage errors) goes where the commands' goes.
            cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(terminal.out(), UTF_8), true));
            cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(terminal.err(), UTF_8), true));
        }
        cli.setExecutionExceptionHandler(Main::onError);
        cli.setParameterExceptionHandler(Main::onBadParameters);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        HelpLayout.install(cli);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    private static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"))
                || (parsed.subcommand() != null && parsed.subcommand().subcommand() != null
                        && parsed.subcommand().subcommand().hasMatchedOption("--verbose"));
        if (e instanceof LeakgateException) {
            err.println("leakgate: " + Printable.of(e.getMessage()));
        } else {
            err.println("leakgate: internal error: " + Printable.of(String.valueOf(e))
                    + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ERROR;
    }

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("leakgate: " + Printable.of(e.getMessage()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ERROR;
    }

    /** Prints the version stamped into the jar. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"leakgate " + Version.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
