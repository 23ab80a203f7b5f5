package io.leakgate.hook;

import io.leakgate.source.ContentScan;
import io.leakgate.source.archive.ArchiveLimits;
import io.leakgate.LeakgateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import io.leakgate.hook.git.GitConfig;

/**
 * The server's settings for judging a push (not which findings count: that is the
 * {@link io.leakgate.policy.FindingFilter}): which rules only warn, how long the scan may take, what
 * to do on a timeout or an internal error, whether pushers may bypass, and where audits go.
 * Read from the repository's git config ({@code leakgate.*}, so {@code git config --system}
 * sets it for every repository); command-line options override it.
 */
public record ServerSettings(
        Set<String> warnRules,
        Duration timeBudget,
        Outcome onTimeout,
        Outcome onError,
        Outcome onUnscanned,
        long maxFileSize,
        boolean allowBypass,
        Path auditLog,
        Path rulesConfig,
        Path baseline,
        int maxListed,
        int archiveDepth,
        int decodeDepth) {

    /** What happens to a push the hook could not judge. */
    public enum Outcome { REJECT, ACCEPT }

    /** Files larger than this are not read unless {@code leakgate.maxFileSize} says otherwise. */
    public static final long DEFAULT_MAX_FILE_SIZE = 25L << 20;

    public ServerSettings {
        warnRules = Set.copyOf(warnRules);
    }

    /**
     * How the scan step looks into what a push brings: archives to {@code leakgate.archiveDepth}
     * (default 3), encodings to {@code leakgate.decodeDepth} (default 2), members as large as the
     * file size limit, media scanned too (whatever the hook lets through, it has read).
     */
    public ContentScan.Options scanOptions() {
        return new ContentScan.Options(ArchiveLimits.defaults(maxFileSize).withDepth(archiveDepth), decodeDepth, false);
    }

    /** Reads {@code leakgate.*} from a git config; relative paths resolve against {@code gitDir}. */
    public static ServerSettings fromConfig(GitConfig c, Path gitDir) throws LeakgateException {
        Set<String> warn = new HashSet<>();
        for (String v : c.getAll("leakgate.warnRule")) {
            for (String id : v.split("[,\\s]+")) {
                if (!id.isBlank()) {
                    warn.add(id.trim());
                }
            }
        }
        String budget = c.get("leakgate.timeBudget");
        String audit = c.get("leakgate.auditLog");
        String rules = c.get("leakgate.config");
        String baseline = c.get("leakgate.baseline");
        int max = c.getInt("leakgate.maxListed", 10);
        int archiveDepth = c.getInt("leakgate.archiveDepth", ArchiveLimits.DEFAULT_DEPTH);
        int decodeDepth = c.getInt("leakgate.decodeDepth", ContentScan.Options.DEFAULT_DECODE_DEPTH);
        if (archiveDepth < 0 || decodeDepth < 0) {
            throw new LeakgateException("leakgate.archiveDepth and leakgate.decodeDepth must be at least 0");
        }
        String maxSize = c.get("leakgate.maxFileSize");
        return new ServerSettings(warn,
                budget == null ? null : duration(budget, "leakgate.timeBudget"),
                outcome(c.get("leakgate.onTimeout"), "leakgate.onTimeout"),
                outcome(c.get("leakgate.onError"), "leakgate.onError"),
                outcome(c.get("leakgate.onUnscanned"), "leakgate.onUnscanned"),
                maxSize == null ? DEFAULT_MAX_FILE_SIZE : size(maxSize, "leakgate.maxFileSize"),
                c.getBoolean("leakgate.allowBypass", true),
                audit == null ? gitDir.resolve("leakgate-audit.jsonl") : gitDir.resolve(audit),
                rules == null ? null : gitDir.resolve(rules),
                baseline == null ? null : gitDir.resolve(baseline),
                Math.max(1, max), archiveDepth, decodeDepth);
    }

    /** This policy with the command line's settings, where given, in place of the config's. */
    public ServerSettings overriddenBy(PreReceive.Options o) throws LeakgateException {
        Set<String> warn = new HashSet<>(warnRules);
        warn.addAll(o.warnRules());
        return new ServerSettings(warn,
                o.timeBudget() != null ? duration(o.timeBudget(), "--time-budget") : timeBudget,
                o.onTimeout() != null ? outcome(o.onTimeout(), "--on-timeout") : onTimeout,
                o.onError() != null ? outcome(o.onError(), "--on-error") : onError,
                onUnscanned,
                o.maxFileSize() != null ? o.maxFileSize() : maxFileSize,
                o.allowBypass() != null ? o.allowBypass() : allowBypass,
                o.auditLog() != null ? o.auditLog() : auditLog,
                o.rulesConfig() != null ? o.rulesConfig() : rulesConfig,
                baseline, maxListed, archiveDepth, decodeDepth);
    }

    /** Parses {@code 4.5s}, {@code 500ms}, {@code 2m} or plain seconds. */
    public static Duration duration(String value, String what) throws LeakgateException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 2))));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            String n = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
            return Duration.ofMillis(Math.round(Double.parseDouble(n) * 1000));
        } catch (NumberFormatException e) {
            throw new LeakgateException(what + ": '" + value + "' is not a duration (examples: 4.5s, 500ms, 2m)");
        }
    }

    /** Parses a size as git config writes one ({@code 512k}, {@code 30m}, {@code 1g}) or {@code 25MiB}. */
    static long size(String value, String what) throws LeakgateException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        for (String[] unit : new String[][] {{"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"k", "10"}, {"m", "20"},
            {"g", "30"}}) {
            if (v.endsWith(unit[0])) {
                factor = 1L << Integer.parseInt(unit[1]);
                v = v.substring(0, v.length() - unit[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n <= 0 || n > Long.MAX_VALUE / factor) {
                throw new NumberFormatException();
            }
            return n * factor;
        } catch (NumberFormatException e) {
            throw new LeakgateException(what + ": '" + value + "' is not a size (examples: 512k, 30m, 1g)");
        }
    }

    public static Outcome outcome(String value, String what) throws LeakgateException {
        if (value == null) {
            return Outcome.REJECT;
        }
        try {
            return Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LeakgateException(what + ": '" + value + "' must be 'reject' or 'accept'");
        }
    }
}
