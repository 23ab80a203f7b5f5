package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.hook.HookInstaller;
import io.leakgate.hook.LauncherInstaller;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakgate install}: puts a hook script, the jar and a class-data archive in place. */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {
            "Installs a git hook that runs leakgate: pre-commit or pre-push in a clone, pre-receive in "
                    + "a server's bare repository. The script, this jar (as leakgate.jar) and a class-data-sharing "
                    + "archive (leakgate.jsa, for a fast start) go into the hooks directory (core.hooksPath is "
                    + "honoured). For pre-receive, receive.advertisePushOptions is turned on so pushers can bypass "
                    + "with an audited reason.",
            "",
            "An existing hook that is not leakgate's is never overwritten: leakgate refuses, or with "
                    + "--chain keeps it as <hook>.chained and runs it first.",
            "",
            "'leakgate install launcher' installs the leakgate command itself into --dir (default "
                    + "~/.local/bin): the launcher script, this jar and a class-data archive rehearsed from "
                    + "the git, scan and pre-commit commands, so they start faster.",
            ""
        })
final class InstallCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "WHAT", description = "pre-commit, pre-push, pre-receive, or launcher.")
    String hook;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "For launcher: the directory to install into, one on PATH. Default: ~/.local/bin.")
    Path dir;

    @Option(names = "--repo", paramLabel = "DIR", description = "The repository. Default: the current directory.")
    Path repo = Path.of(".");

    @Option(names = "--hooks-dir", paramLabel = "DIR",
            description = "Install into this directory instead, e.g. GitLab's custom_hooks/pre-receive.d.")
    Path hooksDir;

    @Option(names = "--chain", description = "Keep an existing hook and run it before leakgate.")
    boolean chain;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors.")
    boolean verbose;

    InstallCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws LeakgateException {
        if (hook.equals("launcher")) {
            // HOME first, as the shell that will look the command up has it.
            String home = terminal.env().get("HOME");
            Path target = dir != null ? terminal.resolve(dir) : Path.of(home != null && !home.isBlank() ? home
                    : System.getProperty("user.home"), ".local", "bin");
            LauncherInstaller installer = new LauncherInstaller();
            installer.install(target);
            installer.notes().forEach(terminal.out()::println);
            return Main.CLEAN;
        }
        if (dir != null) {
            throw new LeakgateException("--dir is for 'install launcher'; hooks go to --repo's hooks directory or --hooks-dir");
        }
        HookInstaller.Hook which = switch (hook) {
            case "pre-commit" -> HookInstaller.Hook.PRE_COMMIT;
            case "pre-push" -> HookInstaller.Hook.PRE_PUSH;
            case "pre-receive" -> HookInstaller.Hook.PRE_RECEIVE;
            default -> throw new LeakgateException("unknown hook '" + hook + "' (expected pre-commit, pre-push, pre-receive or launcher)");
        };
        HookInstaller installer = new HookInstaller();
        installer.install(which, terminal.resolve(repo).toAbsolutePath().normalize(), terminal.resolve(hooksDir), chain);
        installer.notes().forEach(terminal.out()::println);
        return Main.CLEAN;
    }
}
