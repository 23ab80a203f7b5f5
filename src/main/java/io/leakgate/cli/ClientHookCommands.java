package io.leakgate.cli;

import io.leakgate.LeakgateException;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.hook.ClientGate;
import io.leakgate.hook.HookMessages;
import io.leakgate.policy.FindingFilter;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The client-side hook commands: {@code pre-commit} and {@code pre-push}. */
final class ClientHookCommands {
    private ClientHookCommands() {
    }

    /** Options both client hooks take. */
    static final class HookOptions {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Rules to use (default: .leakgate.toml or .gitleaks.toml in the work tree, else the bundled pack).")
        Path config;

        @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "25MiB", converter = ByteSize.class,
                description = "Skip larger files. Default: ${DEFAULT-VALUE}.")
        long maxFileSize = 25L << 20;

        @Option(names = "--baseline", paramLabel = "FILE",
                description = "Accepted findings (default: git config leakgate.baseline, relative to the work tree).")
        Path baseline;

        @Option(names = {"-v", "--verbose"}, description = "Print stack traces on errors.")
        boolean verbose;

        /** Drops what the work tree's baseline and ignore files accept. */
        List<Finding> fresh(List<Finding> findings, ClientGate gate, Terminal terminal) throws LeakgateException {
            Path root = gate.workTree();
            Path file = terminal.resolve(baseline);
            String configured = gate.config("leakgate.baseline");
            if (file == null && configured != null && root != null) {
                file = root.resolve(configured);
            }
            return FindingFilter.load(file, List.of(), root).partial().apply(findings).fresh();
        }
    }

    /** What a client hook scans: the staged changes, or the commits being pushed. */
    interface Scan {
        List<Finding> findings(ClientGate gate, RuleIndex rules, Map<String, String> env)
                throws IOException, LeakgateException;
    }

    /** Opens the hook's repository, scans, drops what the work tree accepts, and reports. */
    static int gate(HookOptions options, boolean commit, Scan scan, Terminal terminal)
            throws IOException, LeakgateException {
        Map<String, String> env = terminal.env();
        Path cwd = terminal.cwd();
        try (ClientGate gate = ClientGate.open(env, cwd, options.maxFileSize, commit)) {
            // git runs client hooks at the top of the work tree: the rules are found there while
            // git's processes start, and again only if the work tree turns out to be elsewhere.
            ConfigDiscovery discovery = new ConfigDiscovery(ConfigLoader.forScanning(), terminal);
            RuleSet rules = discovery.resolve(options.config, cwd);
            RuleIndex index = new RuleIndex(rules);
            if (gate.workTree() != null && !gate.workTree().equals(cwd)) {
                index = new RuleIndex(discovery.resolve(options.config, gate.workTree()));
            }
            List<Finding> found = scan.findings(gate, index, env);
            if (!gate.skipped().isEmpty()) {
                HookMessages messages = new HookMessages(terminal.err(), env);
                messages.line("leakgate: warning: " + gate.skipped().size() + " file"
                        + (gate.skipped().size() == 1 ? "" : "s") + " not scanned (the server may reject them):");
                messages.skipped(gate.skipped(), 20);
            }
            return report(options.fresh(found, gate, terminal), terminal, commit);
        }
    }

    static int report(List<Finding> findings, Terminal terminal, boolean commit) {
        if (findings.isEmpty()) {
            return Main.CLEAN;
        }
        HookMessages messages = new HookMessages(terminal.err(), terminal.env());
        messages.line("leakgate: " + (commit ? "commit" : "push") + " blocked: " + findings.size() + " secret"
                + (findings.size() == 1 ? "" : "s") + (commit ? " in the staged changes" : " in the commits to push"));
        messages.findings(findings, 20);
        messages.advice(false, commit);
        return Main.FOUND;
    }

    @Command(name = "pre-commit", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = "Blocks a commit whose staged changes introduce a secret: scans the index "
                    + "(GIT_INDEX_FILE when set) against HEAD, or against nothing for the first commit.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:commit may proceed", "1:secrets staged: commit blocked", "2:error"})
    static final class PreCommit implements Callable<Integer> {
        private final Terminal terminal;

        @picocli.CommandLine.Mixin
        HookOptions options = new HookOptions();

        PreCommit(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException, IOException {
            return gate(options, true, (gate, rules, env) -> gate.staged(rules), terminal);
        }
    }

    @Command(name = "pre-push", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
            description = {"Blocks a push whose commits introduce a secret: reads '<local ref> <local sha> "
                    + "<remote ref> <remote sha>' lines on standard input (as git's pre-push hook does) and scans "
                    + "every commit the remote does not have yet, for every line.",
                "Under the pre-commit framework, PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF are used instead."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:push may proceed", "1:secrets in the commits: push blocked", "2:error"})
    static final class PrePush implements Callable<Integer> {
        private final Terminal terminal;

        @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The remote's name (git passes it).")
        String remote;

        @Parameters(index = "1", arity = "0..1", paramLabel = "URL", description = "The remote's URL (git passes it).")
        String url;

        @picocli.CommandLine.Mixin
        HookOptions options = new HookOptions();

        PrePush(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws LeakgateException, IOException {
            return gate(options, false, (gate, rules, env) -> gate.pushed(updates(gate, terminal),
                    remote != null ? remote : env.get("PRE_COMMIT_REMOTE_NAME"), rules), terminal);
        }

        /**
         * Standard input, or what the pre-commit framework hands over in its environment instead
         * (it gives its hooks no input): a range {@code PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF},
         * or, for a push that brings a branch's root commit, only {@code PRE_COMMIT_LOCAL_BRANCH}
         * and the remote's name: then everything the branch holds that the remote's tracking refs
         * do not.
         */
        private static InputStream updates(ClientGate gate, Terminal terminal) throws LeakgateException,
                IOException {
            Map<String, String> env = terminal.env();
            String zero = "0".repeat(40);
            String to = env.get("PRE_COMMIT_TO_REF");
            boolean framework = env.containsKey("PRE_COMMIT_REMOTE_NAME") || "1".equals(env.get("PRE_COMMIT"));
            if (to == null && framework) {
                String local = env.getOrDefault("PRE_COMMIT_LOCAL_BRANCH", "HEAD");
                String localId = gate.resolve(local.isBlank() ? "HEAD" : local);
                if (localId == null) {
                    throw new LeakgateException("pre-push: '" + local + "' (PRE_COMMIT_LOCAL_BRANCH) names no commit; "
                            + "nothing could be scanned");
                }
                return new ByteArrayInputStream(("HEAD " + localId + " HEAD " + zero + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (to == null) {
                byte[] lines = terminal.in().readAllBytes();
                if (new String(lines, StandardCharsets.UTF_8).isBlank()) {
                    // git gives a pre-push hook one line per ref it pushes: none means nothing to
                    // scan, which is said, never passed over in silence.
                    new HookMessages(terminal.err(), env).line("leakgate: pre-push: no refs on standard input, "
                            + "so nothing was scanned (run by git, a pre-push hook reads one line per ref pushed)");
                }
                return new ByteArrayInputStream(lines);
            }
            String toId = gate.resolve(to);
            String from = env.get("PRE_COMMIT_FROM_REF");
            String fromId = from == null ? null : gate.resolve(from);
            String line = "HEAD " + (toId == null ? zero : toId) + " HEAD "
                    + (fromId == null ? zero : fromId) + "\n";
            return new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
        }
    }
}
