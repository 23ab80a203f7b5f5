package io.leakgate.detect;

import io.leakgate.finding.Finding;
import io.leakgate.regex.ByteWindow;
import io.leakgate.regex.LazyDfa;
import io.leakgate.regex.RegexMatcher;
import io.leakgate.rules.Allowlist;
import io.leakgate.rules.FileMagic;
import io.leakgate.rules.Requirement;
import io.leakgate.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans one byte buffer against a {@link RuleIndex}. One pass finds every keyword; a rule's
 * regex then runs only over a window around its keyword hits (the hit's line, widened for rules
 * that can cross lines). A rule that has seen a few KB of windows gets a {@link LazyDfa}, which
 * rejects most windows before RE2J runs. Not thread safe: each scanning thread owns one detector
 * and reuses it.
 */
public final class Detector {
    /** How far back and forward a single-line window may reach when lines are very long. */
    private static final int BACK = 512;
    private static final int FORWARD = 1024;
    /** How far around a match the inline allow markers and allowlist "line" may be looked for. */
    private static final int LINE_CONTEXT = 4096;
    /**
     * Window bytes a rule's regex runs over with RE2J alone before the rule gets a DFA. Building
     * DFAs costs a fresh JVM more than RE2J spends on a small push; past a few KB per rule the DFA
     * wins (bench/hook-latency.sh and bench/engine.sh measure both ends).
     */
    private static final long DFA_AFTER_BYTES = 4096;
    /** Paths whose rule selection is kept before the cache starts over. */
    private static final int PATHS_KEPT = 4096;
    private static final byte UNKNOWN = 0;
    private static final byte ON = 1;
    private static final byte OFF = 2;
    private static final byte[][] ALLOW_MARKERS = {
        "leakgate:allow".getBytes(StandardCharsets.US_ASCII),
        "gitleaks:allow".getBytes(StandardCharsets.US_ASCII),
        "pragma: allowlist secret".getBytes(StandardCharsets.US_ASCII),
    };

    private final RuleIndex index;
    private final RegexMatcher[] matchers;
    private final LazyDfa[] prefilters;
    private final long[] plainBytes;
    private final long dfaAfterBytes;
    private final int[] pendingStart;
    private final int[] pendingEnd;
    /** Per rule: hits ending at or before this need nothing the pending window lacks. */
    private final int[] coveredEnd;
    private final int[] pendingRules;
    private int pendingCount;
    /**
     * Per rule, whether it applies to the file being scanned: {@link #ON}, {@link #OFF}, or
     * {@link #UNKNOWN} until first asked. Only the rules in RuleIndex.byLocation are ever not ON.
     */
    private final byte[] verdict;
    /** Per global allowlist, whether it skips the file being scanned (ON), or not, or UNKNOWN. */
    private final byte[] globalVerdict;
    /** Per path, the verdicts found so far there (content outside commits). */
    private final Map<String, byte[]> byPath = new HashMap<>();
    private String path;
    private String commit;
    /** What byPath held for this path when its scan began (kept there, updated at the end), or null. */
    private byte[] pathVerdicts;
    /** The windows of the current keyword hit for spans 0, 1, ...; see onKeyword. */
    private final int[] spanStart = new int[8];
    private final int[] spanEnd = new int[8];
    private final ByteWindow window = new ByteWindow();
    private final List<Candidate> candidates = new ArrayList<>();

    private byte[] buf;
    private int len;

    public Detector(RuleIndex index) {
        this(index, DFA_AFTER_BYTES);
    }

    /** With {@code dfaAfterBytes} in place of the default, so tests can force either path. */
    Detector(RuleIndex index, long dfaAfterBytes) {
        this.index = index;
        this.dfaAfterBytes = dfaAfterBytes;
        int n = index.size();
        this.matchers = new RegexMatcher[n];
        this.prefilters = new LazyDfa[n];
        this.plainBytes = new long[n];
        this.pendingStart = new int[n];
        this.pendingEnd = new int[n];
        this.coveredEnd = new int[n];
        this.pendingRules = new int[n];
        this.verdict = new byte[n];
        Arrays.fill(verdict, ON);
        this.globalVerdict = new byte[index.globalAllowlists.size()];
        Arrays.fill(pendingEnd, -1);
    }

    /** Scans content that does not come from a commit. */
    /** The rules this detector scans with. */
    public RuleIndex index() {
        return index;
    }

    public List<Finding> scan(byte[] content, int length, String path) {
        return scan(content, length, path, null);
    }

    /**
     * Scans {@code content[0, length)} as the file {@code path}.
     *
     * @param commit the commit the content belongs to, for commit allowlists; null if none
     */
    public List<Finding> scan(byte[] content, int length, String path, String commit) {
        DockerfileLines joined = DockerfileLines.of(path, content, length);
        if (joined != null) {
            return joined.remap(scanBuffer(joined.bytes(), joined.length(), path, commit), content, length);
        }
        return scanBuffer(content, length, path, commit);
    }

    private List<Finding> scanBuffer(byte[] content, int length, String path, String commit) {
        this.buf = content;
        this.len = length;
        candidates.clear();
        try {
            if (!selectRules(path, commit)) {
                return List.of();
            }
            for (int r : index.pathOnly) {
                if (applies(r) && startsAsTheRuleSays(r)) {
                    candidates.add(new Candidate(r, 0, 0, 0, 0));
                }
            }
            index.keywords.scan(content, 0, length, this::onKeyword);
            for (int i = 0; i < pendingCount; i++) {
                int r = pendingRules[i];
                run(r, pendingStart[r], pendingEnd[r]);
                pendingEnd[r] = -1;
            }
            pendingCount = 0;
            for (int r : index.unkeyed) {
                if (applies(r)) {
                    run(r, 0, length);
                }
            }
            return candidates.isEmpty() ? List.of() : confirm(path, commit);
        } finally {
            this.buf = null;
            keepVerdicts();
        }
    }

    /**
     * Starts the verdicts for this file: whether each location-dependent rule applies is asked
     * only when the rule is about to run (its keyword was seen, or it has none), since a path's
     * patterns can cost more than scanning a small file. Content outside a commit takes the
     * verdicts found for its path before: a history holds each path in many blobs. False when
     * allowlists skip the file for every rule (then every rule depends on the location, and all
     * are asked at once).
     */
    private boolean selectRules(String path, String commit) {
        this.path = path;
        this.commit = commit;
        int[] located = index.byLocation;
        byte[] known = commit == null ? byPath.get(path) : null;
        this.pathVerdicts = known;
        for (int i = 0; i < located.length; i++) {
            verdict[located[i]] = known == null ? UNKNOWN : known[i];
        }
        Arrays.fill(globalVerdict, UNKNOWN);
        if (located.length < verdict.length) {
            return true;
        }
        boolean any = false;
        for (int r : located) {
            any |= applies(r);
        }
        return any;
    }

    /** Keeps what was learnt about this path's rules, for its next blob. */
    private void keepVerdicts() {
        if (commit != null || path == null) {
            return;
        }
        int[] located = index.byLocation;
        byte[] known = pathVerdicts;
        if (known == null) {
            if (byPath.size() >= PATHS_KEPT) {
                byPath.clear();
            }
            known = new byte[located.length];
            byPath.put(path, known);
        }
        for (int i = 0; i < located.length; i++) {
            known[i] = verdict[located[i]];
        }
    }

    /** Whether the content starts with rule {@code r}'s magic bytes, if it names any. */
    private boolean startsAsTheRuleSays(int r) {
        FileMagic magic = index.rule(r).magic();
        return magic == null || magic.matches(buf, len);
    }

    /** Whether rule {@code r} applies to the file being scanned (asked once per file). */
    private boolean applies(int r) {
        byte v = verdict[r];
        if (v == UNKNOWN) {
            v = applies(index.rule(r), path, commit) ? ON : OFF;
            verdict[r] = v;
        }
        return v == ON;
    }

    /** Whether {@code rule} applies at this location; each global allowlist is asked once per file. */
    private boolean applies(Rule rule, String path, String commit) {
        if (rule.path() != null && !rule.path().find(path)) {
            return false;
        }
        for (Allowlist a : rule.allowlists()) {
            if (a.decidesByLocation() && a.allows("", "", "", path, commit)) {
                return false;
            }
        }
        List<Allowlist> globals = index.globalAllowlists;
        for (int g = 0; g < globalVerdict.length; g++) {
            Allowlist a = globals.get(g);
            if (a.decidesByLocation() && a.appliesTo(rule.id())) {
                if (globalVerdict[g] == UNKNOWN) {
                    globalVerdict[g] = a.allows("", "", "", path, commit) ? ON : OFF;
                }
                if (globalVerdict[g] == ON) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Queues the windows of the rules {@code keyword} wakes up. Hits arrive in the order of their
     * ends, so a rule's windows only move forward: a window that overlaps the rule's pending one
     * extends it, and a hit is skipped outright when the pending window already holds every line
     * it could need (it ends on the line the latest hit ended on; a hit on a later line may need
     * lines past the pending window, as far as the rule's span reaches).
     */
    private void onKeyword(int keyword, int start, int end) {
        int known = -1;
        for (int r : index.keywordRules[keyword]) {
            if (!applies(r)) {
                continue;
            }
            int pe = pendingEnd[r];
            if (pe >= 0 && end <= coveredEnd[r]) {
                continue;
            }
            int span = index.rule(r).span();
            int ws;
            int we;
            int covered;
            if (span >= Rule.WIDE_SPAN) {
                ws = lineStart(Math.max(0, start - span), BACK);
                we = lineEnd((int) Math.min(len, (long) end + span), FORWARD);
                covered = end;
            } else if (span < spanStart.length) {
                // Rules sharing a keyword mostly share spans too: find each span's lines once per hit.
                for (; known < span; known++) {
                    if (known < 0) {
                        ws = lineStart(start, BACK);
                        we = lineEnd(end, FORWARD);
                    } else {
                        ws = spanStart[known];
                        we = spanEnd[known];
                        ws = ws > 0 ? lineStart(ws - 1, BACK) : ws;
                        we = we < len ? lineEnd(we + 1, FORWARD) : we;
                    }
                    spanStart[known + 1] = ws;
                    spanEnd[known + 1] = we;
                }
                ws = spanStart[span];
                we = spanEnd[span];
                covered = spanEnd[0];
            } else {
                ws = lineStart(start, BACK);
                we = lineEnd(end, FORWARD);
                covered = we;
                for (int i = 0; i < span; i++) {
                    ws = ws > 0 ? lineStart(ws - 1, BACK) : ws;
                    we = we < len ? lineEnd(we + 1, FORWARD) : we;
                }
            }
            if (pe >= 0 && ws <= pe) {
                pendingEnd[r] = Math.max(pe, we);
                coveredEnd[r] = Math.max(coveredEnd[r], covered);
            } else {
                if (pe >= 0) {
                    run(r, pendingStart[r], pe);
                } else {
                    pendingRules[pendingCount++] = r;
                }
                pendingStart[r] = ws;
                pendingEnd[r] = we;
                coveredEnd[r] = covered;
            }
        }
    }

    private void run(int r, int from, int to) {
        // Most windows cannot match; a DFA tells so much faster than RE2J's NFA finds nothing, and
        // when one can, it tells RE2J where the first match starts and whether another may follow.
        LazyDfa dfa = prefilter(r, to - from);
        int end = dfa == null ? 0 : dfa.firstMatchEnd(buf, from, to, 0);
        if (end < 0) {
            return;
        }
        RegexMatcher m = matchers[r];
        window.reset(buf, from, to);
        if (m == null) {
            m = index.rule(r).regex().get().matcher(window);
            matchers[r] = m;
        } else {
            m.reset(window);
        }
        Rule rule = index.rule(r);
        int groups = m.groupCount();
        int first = dfa == null ? 0 : dfa.leftmostStart(buf, from, to, end);
        for (boolean found = m.find(first); found;
                found = (dfa == null || dfa.firstMatchEnd(buf, from, to, m.end()) >= 0) && m.find()) {
            int ms = from + m.start();
            int me = from + m.end();
            if (me == ms) {
                continue;
            }
            int g = rule.secretGroup();
            if (g == 0 && groups > 0) {
                for (int i = 1; i <= groups; i++) {
                    if (m.start(i) >= 0 && m.end(i) > m.start(i)) {
                        g = i;
                        break;
                    }
                }
            }
            if (g > 0 && m.start(g) < 0) {
                continue;
            }
            int ss = g == 0 ? ms : from + m.start(g);
            int se = g == 0 ? me : from + m.end(g);
            if (se <= ss) {
                continue;
            }
            candidates.add(new Candidate(r, ms, me, ss, se));
        }
    }

    /**
     * The rule's DFA, or null while the rule has seen too little text for building one to pay:
     * a hook scanning a small push in a fresh JVM is faster with RE2J alone.
     */
    private LazyDfa prefilter(int r, int windowBytes) {
        LazyDfa dfa = prefilters[r];
        if (dfa == null) {
            plainBytes[r] += windowBytes;
            if (plainBytes[r] < dfaAfterBytes) {
                return null;
            }
            // Null when RE2J's program cannot be read: RE2J alone then.
            dfa = LazyDfa.of(index.rule(r).regex().get());
            prefilters[r] = dfa;
        }
        return dfa;
    }

    /**
     * Drops the matches that give way to a more specific rule's match of the same text, applies
     * entropy, allowlists, inline markers and stand-ins, builds findings, and keeps those whose
     * required rules found something near them.
     */
    private List<Finding> confirm(String path, String commit) {
        candidates.sort(Comparator.comparingInt(Candidate::secretStart).thenComparingInt(Candidate::rule));
        List<Candidate> unique = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Candidate c : candidates) {
            long key = ((long) c.rule << 42) ^ ((long) c.secretStart << 21) ^ c.secretEnd;
            if (seen.add(key)) {
                unique.add(c);
            }
        }
        // Before allowlists and validators: where a more specific rule matched, it alone decides, so
        // a GitHub look-alike whose checksum fails is reported by no URL, header or generic rule.
        boolean[] yields = yielding(unique);
        Set<String> needed = index.requiredIds;
        List<Candidate> kept = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            Candidate c = unique.get(i);
            if (yields[i] && !needed.contains(index.rule(c.rule).id())) {
                continue;
            }
            if (accept(c, path, commit)) {
                kept.add(yields[i] ? c.yielding() : c);
            }
        }
        dropGenericUnderClaimedNames(kept);
        List<Finding> out = new ArrayList<>(kept.size());
        List<Finding> quiet = needed.isEmpty() ? List.of() : new ArrayList<>();
        Map<Finding, Rule> madeBy = index.requiring ? new IdentityHashMap<>() : Map.of();
        int lineNo = 1;
        int counted = 0;
        for (Candidate c : kept) {
            for (int i = counted; i < c.secretStart; i++) {
                if (buf[i] == '\n') {
                    lineNo++;
                }
            }
            counted = c.secretStart;
            int endLine = lineNo;
            for (int i = c.secretStart; i < c.secretEnd - 1; i++) {
                if (buf[i] == '\n') {
                    endLine++;
                }
            }
            Rule rule = index.rule(c.rule);
            String secret = c.secretEnd > c.secretStart ? utf8(c.secretStart, c.secretEnd) : "";
            int column = column(c.secretStart);
            int endColumn = c.secretEnd > c.secretStart ? column(c.secretEnd - 1) : column;
            Finding finding = Validators.apply(index, rule, new Finding(rule.ref(), path, lineNo, column, endLine,
                    endColumn, secret, null, rule.tags()), buf, len, c.matchStart, c.matchEnd);
            if (finding == null) {
                continue;
            }
            if (c.yields || rule.skipReport()) {
                quiet.add(finding);
            } else {
                out.add(finding);
            }
            if (index.requiring) {
                madeBy.put(finding, rule);
            }
        }
        if (index.requiring) {
            List<Finding> all = new ArrayList<>(out);
            all.addAll(quiet);
            out.removeIf(f -> !requirementsMet(f, madeBy.get(f), all));
        }
        return out;
    }

    /** Whether every rule {@code f}'s rule requires found something near it. */
    private static boolean requirementsMet(Finding f, Rule rule, List<Finding> all) {
        for (Requirement q : rule.required()) {
            boolean met = false;
            for (Finding g : all) {
                if (g != f && g.rule().id().equals(q.ruleId()) && q.near(f.line(), f.column(), g.line(), g.column())) {
                    met = true;
                    break;
                }
            }
            if (!met) {
                return false;
            }
        }
        return true;
    }

    /**
     * Which candidates give way to another rule's candidate over overlapping secret text (see
     * {@link Rule#givesWayTo}). Candidates are sorted by where their secrets start.
     */
    private boolean[] yielding(List<Candidate> sorted) {
        boolean[] yields = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Candidate a = sorted.get(i);
            if (a.secretEnd == a.secretStart) {
                continue;
            }
            for (int j = i + 1; j < sorted.size() && sorted.get(j).secretStart < a.secretEnd; j++) {
                Candidate b = sorted.get(j);
                if (b.rule == a.rule || b.secretEnd == b.secretStart) {
                    continue;
                }
                Rule ra = index.rule(a.rule);
                Rule rb = index.rule(b.rule);
                yields[i] |= ra.givesWayTo(rb);
                yields[j] |= rb.givesWayTo(ra);
            }
        }
        return yields;
    }

    private boolean accept(Candidate c, String path, String commit) {
        Rule rule = index.rule(c.rule);
        if (c.secretEnd == c.secretStart) {
            return true;
        }
        String secret = utf8(c.secretStart, c.secretEnd);
        if (rule.entropy() > 0 && Entropy.shannon(secret) < rule.entropy()) {
            return false;
        }
        int ls = lineStart(c.matchStart, LINE_CONTEXT);
        int le = lineEnd(c.matchEnd, LINE_CONTEXT);
        if (hasAllowMarker(ls, le)) {
            return false;
        }
        if (Placeholders.covers(buf, lineStart(c.secretStart, BACK), c.secretStart, c.secretEnd,
                lineEnd(c.secretEnd, FORWARD))) {
            return false;
        }
        String match = null;
        String line = null;
        for (Allowlist a : rule.allowlists()) {
            if (match == null) {
                match = utf8(c.matchStart, c.matchEnd);
                line = utf8(ls, le);
            }
            if (a.allows(secret, match, line, path, commit)) {
                return false;
            }
        }
        for (Allowlist a : index.globalAllowlists) {
            if (!a.appliesTo(rule.id())) {
                continue;
            }
            if (match == null) {
                match = utf8(c.matchStart, c.matchEnd);
                line = utf8(ls, le);
            }
            if (a.allows(secret, match, line, path, commit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A generic finding gives way when the name its value is assigned to is claimed by a specific
     * rule: that rule knows the provider's exact format, and a value that fails it is no working
     * credential of that provider (a stand-in, a truncated or made-up token).
     */
    private void dropGenericUnderClaimedNames(List<Candidate> kept) {
        if (index.claiming.length == 0) {
            return;
        }
        kept.removeIf(c -> index.rule(c.rule).isGeneric() && nameIsClaimed(c));
    }

    private boolean nameIsClaimed(Candidate c) {
        // The generic match starts at its keyword ("token"); the provider's name ("telegram_bot_")
        // comes before it on the line.
        String head = null;
        for (int r : index.claiming) {
            if (!applies(r)) {
                continue;
            }
            if (head == null) {
                head = utf8(lineStart(c.matchStart, BACK), c.secretStart);
            }
            if (index.rule(r).claims().find(head)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasAllowMarker(int from, int to) {
        for (byte[] marker : ALLOW_MARKERS) {
            outer:
            for (int i = from; i + marker.length <= to; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (buf[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private int column(int pos) {
        int start = pos;
        while (start > 0 && buf[start - 1] != '\n') {
            start--;
        }
        int col = 1;
        for (int i = start; i < pos; i++) {
            if ((buf[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return col;
    }

    /** Start of the line holding {@code pos}, but no more than {@code limit} bytes back. */
    private int lineStart(int pos, int limit) {
        int stop = Math.max(0, pos - limit);
        int i = pos;
        while (i > stop && buf[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    /** End (exclusive, before the newline) of the line holding {@code pos}, within {@code limit}. */
    private int lineEnd(int pos, int limit) {
        int stop = (int) Math.min(len, (long) pos + limit);
        int i = pos;
        while (i < stop && buf[i] != '\n') {
            i++;
        }
        return i;
    }

    private String utf8(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** One regex match; {@code yields} when it gave way and only serves as another rule's requirement. */
    private record Candidate(int rule, int matchStart, int matchEnd, int secretStart, int secretEnd, boolean yields) {
        Candidate(int rule, int matchStart, int matchEnd, int secretStart, int secretEnd) {
            this(rule, matchStart, matchEnd, secretStart, secretEnd, false);
        }

        Candidate yielding() {
            return new Candidate(rule, matchStart, matchEnd, secretStart, secretEnd, true);
        }
    }
}
