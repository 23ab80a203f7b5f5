package io.leakgate.hook;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Skipped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the server-side gate decides about a push, before anything is printed or written: the
 * exit code, why, the lines for the pusher and the audit entries. Made by pure functions of what
 * the scan found and the server's settings, so every branch of the policy is testable without git.
 *
 * @param reasons   why the push is accepted or rejected
 * @param messages  what the pusher is told, in order
 * @param audit     entries to append before anything is printed; when they cannot be written,
 *                  {@code unaudited} decides instead
 * @param unaudited the outcome when the audit entries cannot be written, or null when the verdict
 *                  stands without them
 */
record Verdict(int exitCode, Set<Reason> reasons, List<Message> messages, List<AuditLog.Entry> audit,
        Unaudited unaudited) {

    /** Exit code of an accepted push. */
    static final int ACCEPT = 0;
    /** Exit code of a push rejected for its content or for running out of time. */
    static final int REJECT = 1;
    /** Exit code of a push rejected because the hook itself failed. */
    static final int ERROR = 2;

    /** Why a push is accepted or rejected. */
    enum Reason {
        /** Nothing blocking was found and everything was scanned. */
        CLEAN,
        /** Findings of rules the server set to warn only; they never block. */
        WARNED,
        /** A secret the push introduces. */
        SECRET,
        /** Content that could not be scanned, under {@code leakgate.onUnscanned=reject}. */
        UNSCANNED,
        /** Content that could not be scanned, accepted by {@code leakgate.onUnscanned=accept}. */
        UNSCANNED_ACCEPTED,
        /** A blocked push let through by {@code -o leakgate.bypass="reason"}. */
        BYPASSED,
        /** A bypass asked for without a reason, so refused. */
        BYPASS_WITHOUT_REASON,
        /** A bypass asked for on a server that does not allow one. */
        BYPASS_NOT_ALLOWED,
        /** The time budget ran out before the scan finished. */
        OUT_OF_TIME,
        /** The scan could not run. */
        SCAN_FAILED
    }

    /** One part of what the pusher is told, printed by {@link HookMessages}. */
    sealed interface Message {
        void printTo(HookMessages to);
    }

    record Line(String text) implements Message {
        @Override
        public void printTo(HookMessages to) {
            to.line(text);
        }
    }

    /** Findings, at most {@code max} of them listed. */
    record Findings(List<Finding> findings, int max) implements Message {
        Findings {
            findings = List.copyOf(findings);
        }

        @Override
        public void printTo(HookMessages to) {
            to.findings(findings, max);
        }
    }

    /** Content that was not scanned, at most {@code max} of it listed. */
    record Unscanned(List<Skipped> skipped, int max) implements Message {
        Unscanned {
            skipped = List.copyOf(skipped);
        }

        @Override
        public void printTo(HookMessages to) {
            to.skipped(skipped, max);
        }
    }

    /** The advice a refusal for a secret ends with. */
    record Advice(boolean bypassAllowed) implements Message {
        @Override
        public void printTo(HookMessages to) {
            to.advice(bypassAllowed, false, true);
        }
    }

    /**
     * The outcome when the audit log cannot be written: accepting unscanned content or a bypass
     * leaves a trace, or it is not accepted.
     *
     * @param line what the pusher is told, followed by the error's message
     */
    record Unaudited(int exitCode, String line) {
    }

    Verdict {
        reasons = Set.copyOf(reasons);
        messages = List.copyOf(messages);
        audit = List.copyOf(audit);
    }

    boolean accepted() {
        return exitCode == ACCEPT;
    }

    /** Prints the messages; the caller has written the audit entries first. */
    void printTo(HookMessages to) {
        for (Message m : messages) {
            m.printTo(to);
        }
    }

    /**
     * What a scanned push brings, as the verdict needs it.
     *
     * @param findings     the secrets the push introduces, after the server's baseline and ignore files
     * @param unscanned    what could not be listed or scanned
     * @param refOfCommit  for an audit entry, the pushed ref that carries each commit or tag
     * @param bypassReason what {@code -o leakgate.bypass} says: null when not asked for, "" without a reason
     * @param pusher       who pushes, for audit entries
     */
    record Scanned(List<Finding> findings, List<Skipped> unscanned, Map<String, String> refOfCommit,
            String bypassReason, AuditLog.Pusher pusher) {
        Scanned {
            findings = List.copyOf(findings);
            unscanned = List.copyOf(unscanned);
            refOfCommit = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(refOfCommit));
        }
    }

    /** The verdict on a push that was scanned to the end. */
    static Verdict ofScan(Scanned push, ServerSettings settings) {
        List<Finding> blocking = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        for (Finding f : dedupe(push.findings())) {
            (settings.warnRules().contains(f.rule().id()) ? warnings : blocking).add(f);
        }
        List<Skipped> unscanned = push.unscanned();
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        List<Message> say = new ArrayList<>();
        List<AuditLog.Entry> audit = new ArrayList<>();
        if (!warnings.isEmpty()) {
            reasons.add(Reason.WARNED);
            say.add(new Line("leakgate: warning: " + count(warnings.size(), "possible secret")
                    + " (rules set to warn only on this server):"));
            say.add(new Findings(warnings, settings.maxListed()));
        }
        boolean unscannedBlocks = !unscanned.isEmpty() && settings.onUnscanned() == ServerSettings.Outcome.REJECT;
        if (!unscanned.isEmpty() && !unscannedBlocks) {
            reasons.add(Reason.UNSCANNED_ACCEPTED);
            for (Skipped s : unscanned) {
                audit.add(AuditLog.acceptedUnscanned(push.pusher(), s, "leakgate.onUnscanned=accept"));
            }
            say.add(new Line("leakgate: warning: " + count(unscanned.size(), "file version")
                    + " not scanned, accepted by server policy (leakgate.onUnscanned=accept) and recorded in the audit log:"));
            say.add(new Unscanned(unscanned, settings.maxListed()));
        }
        if (blocking.isEmpty() && !unscannedBlocks) {
            if (reasons.isEmpty()) {
                reasons.add(Reason.CLEAN);
            }
            return new Verdict(ACCEPT, reasons, say, audit, unaudited(audit));
        }
        String reason = push.bypassReason();
        boolean reasoned = reason != null && !reason.isBlank();
        if (reasoned && settings.allowBypass()) {
            reasons.add(Reason.BYPASSED);
            for (Finding f : blocking) {
                String commit = f.provenance() == null ? null : f.provenance().commit();
                audit.add(AuditLog.bypass(push.pusher(), f, commit == null ? null : push.refOfCommit().get(commit), reason));
            }
            if (unscannedBlocks) {
                for (Skipped s : unscanned) {
                    audit.add(AuditLog.acceptedUnscanned(push.pusher(), s, "bypass: " + reason));
                }
            }
            say.add(new Line("leakgate: " + (blocking.isEmpty() ? "" : count(blocking.size(), "secret") + " ")
                    + (blocking.isEmpty() || !unscannedBlocks ? "" : "and ")
                    + (unscannedBlocks ? count(unscanned.size(), "unscanned file version") + " " : "")
                    + "accepted by bypass (\"" + reason + "\"); recorded in the audit log."));
            say.add(new Findings(blocking, settings.maxListed()));
            return new Verdict(ACCEPT, reasons, say, audit, unaudited(audit));
        }
        if (!blocking.isEmpty()) {
            reasons.add(Reason.SECRET);
            say.add(new Line("leakgate: push rejected: " + count(blocking.size(), "secret") + " introduced by this push"));
            say.add(new Findings(blocking, settings.maxListed()));
        }
        if (unscannedBlocks) {
            reasons.add(Reason.UNSCANNED);
            say.add(new Line("leakgate: push rejected: " + count(unscanned.size(), "file version")
                    + " could not be scanned, and this server rejects what it has not scanned:"));
            say.add(new Unscanned(unscanned, settings.maxListed()));
        }
        if (reason != null && !reasoned) {
            reasons.add(Reason.BYPASS_WITHOUT_REASON);
            say.add(new Line(""));
            say.add(new Line("leakgate: a bypass needs a reason: git push -o leakgate.bypass=\"<why this must land>\""));
        } else if (reason != null) {
            reasons.add(Reason.BYPASS_NOT_ALLOWED);
            say.add(new Line(""));
            say.add(new Line("leakgate: bypass was requested, but this server does not allow it."));
        }
        if (blocking.isEmpty()) {
            say.add(new Line(""));
            say.add(new Line("Ask the server's administrators to raise leakgate.maxFileSize (or, for an archive,"
                    + " to accept unscanned content), or split the content."));
            if (settings.allowBypass()) {
                say.add(new Line("Must it land anyway? git push -o leakgate.bypass=\"<reason>\" (recorded in the audit log)."));
            }
        } else {
            say.add(new Advice(settings.allowBypass()));
        }
        // Content accepted under onUnscanned=accept is recorded even when secrets reject the push;
        // the rejection stands whether or not the record can be written.
        return new Verdict(REJECT, reasons, say, audit, null);
    }

    /**
     * The verdict on a push the time budget ran out on.
     *
     * @param settings the server's settings, or null when the budget ran out before they were read
     * @param left     what was left to scan, when known
     * @param budget   the budget, in seconds, for the pusher
     */
    static Verdict ofTimeout(List<RefUpdate> updates, ServerSettings settings, String left, double budget,
            AuditLog.Pusher pusher) {
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", budget);
        if (settings != null && settings.onTimeout() == ServerSettings.Outcome.ACCEPT) {
            List<AuditLog.Entry> audit = new ArrayList<>();
            for (RefUpdate u : updates) {
                if (!u.isDelete()) {
                    audit.add(AuditLog.acceptedOutOfTime(pusher, u, left, settings.timeBudget()));
                }
            }
            return new Verdict(ACCEPT, EnumSet.of(Reason.OUT_OF_TIME, Reason.UNSCANNED_ACCEPTED),
                    List.of(new Line("leakgate: warning: the scan did not finish within " + seconds
                            + "; the push was accepted unscanned by server policy and recorded in the audit log.")),
                    audit, new Unaudited(REJECT,
                            "leakgate: push rejected: the time budget ran out and the audit log cannot be written: "));
        }
        return new Verdict(REJECT, EnumSet.of(Reason.OUT_OF_TIME), List.of(
                new Line("leakgate: push rejected: the secret scan did not finish within " + seconds
                        + (left == null ? "." : " (" + left + ").")),
                new Line("Push fewer commits at a time, or ask the server's administrators to raise leakgate.timeBudget.")),
                List.of(), null);
    }

    /**
     * The verdict on a push the scan could not judge.
     *
     * @param received what git sent, when the update lines could not be parsed
     * @param what     the error, as the pusher may read it
     */
    static Verdict ofError(ServerSettings.Outcome onError, List<RefUpdate> updates, String received, String what,
            AuditLog.Pusher pusher) {
        if (onError == ServerSettings.Outcome.ACCEPT) {
            String refs = updates.isEmpty() ? received.replace('\n', ',')
                    : updates.stream().map(u -> u.ref() + " " + u.newId()).reduce((a, b) -> a + ", " + b).orElse("");
            return new Verdict(ACCEPT, EnumSet.of(Reason.SCAN_FAILED), List.of(
                    new Line("leakgate: warning: " + what),
                    new Line("leakgate: the push was accepted unscanned by server policy (leakgate.onError=accept).")),
                    List.of(AuditLog.acceptedAfterError(pusher, refs, what)),
                    new Unaudited(ERROR, "leakgate: push rejected: the secret scan could not run (" + what
                            + "), and the audit log cannot be written: "));
        }
        return new Verdict(ERROR, EnumSet.of(Reason.SCAN_FAILED), List.of(
                new Line("leakgate: push rejected: the secret scan could not run: " + what),
                new Line("This is a problem on the server, not in your commits; tell its administrators.")),
                List.of(), null);
    }

    private static Unaudited unaudited(List<AuditLog.Entry> audit) {
        return audit.isEmpty() ? null
                : new Unaudited(REJECT, "leakgate: push rejected: the audit log cannot be written: ");
    }

    /** The same secret carried by several commits is listed once, at the oldest commit. */
    private static List<Finding> dedupe(List<Finding> findings) {
        Map<String, Finding> first = new LinkedHashMap<>();
        for (Finding f : findings) {
            first.putIfAbsent(f.rule().id() + '\0' + f.kind() + '\0' + f.path() + '\0' + f.secret(), f);
        }
        return new ArrayList<>(first.values());
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
