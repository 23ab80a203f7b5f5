package io.leakgate.hook;

import io.leakgate.finding.Finding;
import io.leakgate.report.Printable;
import io.leakgate.report.Redactor;
import io.leakgate.source.ContentScan;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a hook tells the person pushing or committing. Git shows a pre-receive hook's stderr to
 * the pusher as {@code remote:} lines; under GitLab only lines prefixed {@code GL-HOOK-ERR: }
 * reach the user. Secrets are always redacted here.
 */
public final class HookMessages {
    private final PrintStream err;
    private final String prefix;
    private final Redactor redactor = new Redactor(false);

    /** Writes UTF-8 whatever the locale: a server hook often runs with LANG=C. */
    public HookMessages(java.io.OutputStream err, Map<String, String> env) {
        this.err = new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        this.prefix = env.containsKey("GL_ID") ? "GL-HOOK-ERR: " : "";
    }

    /**
     * One line to the pusher. Everything in it may come from the pushed content (paths, ref
     * names, messages of errors about them), so control characters are escaped: a newline cannot
     * forge a {@code remote:} line, nor an escape sequence drive the pusher's terminal.
     */
    public void line(String text) {
        err.println(prefix + Printable.of(text));
    }

    /** Lists findings, at most {@code max} of them, then "and N more". */
    public void findings(List<Finding> findings, int max) {
        int shown = 0;
        for (Finding f : findings) {
            if (shown == max) {
                line("  … and " + (findings.size() - max) + " more");
                break;
            }
            shown++;
            StringBuilder sb = new StringBuilder("  ");
            if (f.provenance() != null) {
                sb.append(f.provenance().commit(), 0, Math.min(12, f.provenance().commit().length())).append("  ");
            }
            sb.append(f.place()).append(':').append(f.line()).append(':').append(f.column());
            String decoded = f.attributes().get(ContentScan.DECODED_ATTRIBUTE);
            if (decoded != null) {
                sb.append(" (").append(decoded).append("-encoded)");
            }
            sb.append("  ").append(f.rule().id()).append(" (").append(f.rule().severity().label()).append(")")
                    .append("  ").append(redactor.apply(f.secret()));
            line(sb.toString());
            line("    fingerprint " + f.fingerprint());
            if (f.tags().contains("canary")) {
                line("    canary token: using this key alerts whoever planted it; do not test it");
            }
        }
        err.flush();
    }

    /** Lists content that was not scanned, at most {@code max} entries, with the reason for each. */
    public void skipped(List<io.leakgate.finding.Skipped> skipped, int max) {
        int shown = 0;
        for (io.leakgate.finding.Skipped s : skipped) {
            if (shown == max) {
                line("  … and " + (skipped.size() - max) + " more");
                break;
            }
            shown++;
            // A hook's limit is leakgate.maxFileSize or its --max-file-size: name neither wrongly.
            String why = s.reason() == io.leakgate.finding.Skipped.Reason.TOO_LARGE ? "larger than the size limit"
                    : s.reason().text();
            // an archive's limit or damage is only understood with its detail (which limit, what damage)
            boolean detailed = s.reason() == io.leakgate.finding.Skipped.Reason.LIMIT
                    || s.reason() == io.leakgate.finding.Skipped.Reason.UNREADABLE;
            line("  " + s.path() + "  not scanned: " + why + (s.size() >= 0 ? " (" + s.size() + " bytes)" : "")
                    + (detailed && s.detail() != null ? ": " + Printable.of(s.detail()) : ""));
        }
        err.flush();
    }

    /** The advice every client hook's refusal ends with. */
    public void advice(boolean bypassAllowed, boolean commitHook) {
        advice(bypassAllowed, commitHook, false);
    }

    /**
     * The advice every refusal ends with.
     *
     * @param server whether a server judges: it reads ignore files as they are on the server,
     *               never from the push it judges, so an ignore entry takes a push of its own
     */
    public void advice(boolean bypassAllowed, boolean commitHook, boolean server) {
        line("");
        line("What to do:");
        if (commitHook) {
            line("  1. Remove the secret from the staged file (git restore --staged <file> to unstage it),");
            line("     and load it from the environment or a secret manager instead.");
        } else {
            line("  1. Remove the secret and rewrite the commits that carry it: `git commit --amend` for the");
            line("     last commit, `git rebase -i <commit>~1` for an older one. Then push again.");
        }
        line("  2. Rotate the credential: treat it as exposed, even though it did not land.");
        line("  3. Not a secret? Put `leakgate:allow` in a comment on that line, or add the finding's");
        if (server) {
            line("     fingerprint (above) to .leakgateignore in a commit of its own, and push that first:");
            line("     the server reads ignore files as they are on the server, never from the push it judges,");
            line("     so this takes two pushes.");
        } else {
            line("     fingerprint (above) to .leakgateignore.");
        }
        if (!commitHook && bypassAllowed) {
            line("  4. Must it land anyway? git push -o leakgate.bypass=\"<reason>\" (recorded in the audit log).");
        }
        err.flush();
    }
}
