package io.leakgate.regex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers "can this regex match anywhere in {@code buf[from, to)}?" with a deterministic automaton
 * built lazily over RE2J's own compiled program, so a window that cannot match never reaches RE2J's
 * much slower NFA. The text model is {@link ByteWindow}'s: one character per byte, and the window is
 * the whole text (so {@code ^} and {@code \A} hold at its start, {@code $} and {@code \z} at its end).
 *
 * <p>A "no" is exact: it is only given when RE2J's {@code find()} would find nothing. A "yes" means a
 * match exists, or that the automaton ran out of its state budget and gave up; the caller runs RE2J
 * either way. Not thread safe: one instance per detector and rule.
 *
 * <p>A state is the set of instructions reached just after consuming a byte (before following
 * empty-width instructions), plus what empty-width assertions need to know about that byte: whether
 * it was the start of text, a newline, a word byte. The closure over empty-width instructions is
 * taken when the next byte (or the end) is known, because {@code $} and {@code \b} depend on it.
 * The program's start instruction is added to every closure, which makes the search unanchored;
 * states flagged NO_START leave it out, so a search can let matches begin only in a range of
 * positions (how {@link #leftmostStart} and {@link #firstMatchEnd} work).
 *
 * <p>The cache holds at most {@link #MAX_STATES} states; past that it is flushed and rebuilt, and a
 * search that would flush more than twice gives up (answers "maybe"), so a pathological regex
 * costs what RE2J alone would.
 */
public final class LazyDfa {
    /**
     * Most states kept at once; past it the cache is flushed and rebuilt. gitleaks' generic-api-key
     * reaches about 11,500 states (2.3 MB) over 100 MB of {@code git log -p}; most rules stay under
     * a hundred.
     */
    private static final int MAX_STATES = 20_000;
    /** Memory budget for transition tables and state sets, in ints (8 MB). */
    private static final int MAX_INTS = 1 << 21;
    /** Flushes allowed in one search before it gives up and answers "maybe". */
    private static final int MAX_FLUSHES_PER_SEARCH = 2;

    private static final int UNKNOWN = -1;
    private static final int MATCH = -2;
    private static final int DEAD = -3;
    private static final int GAVE_UP = -4;

    /** State flags: what the byte before the current position was. */
    private static final int AT_START = 1;
    private static final int AFTER_NEWLINE = 2;
    private static final int AFTER_WORD = 4;
    /** Not a flag about the previous byte: no new match may start from this state on. */
    private static final int NO_START = 8;

    private final int startPc;
    private final int[] op;
    private final int[] out;
    private final int[] arg;
    private final long[][] bytes;
    /** Which state flags the program's assertions can observe; the others are always 0. */
    private final int trackedFlags;
    /** True when every match must begin at the start of the text. */
    private final boolean anchoredAtStart;
    private final int[] classOf = new int[256];
    private final int classes;
    private final int maxStates;

    // The cache. A state is identified by its offset into trans (number * classes).
    private int[] trans;
    private int[][] kernels;
    private int[] flags;
    /** Per state: 0 unknown, 1 no match at end of text, 2 match at end of text. */
    private byte[] endMatch;
    private int states;
    private int usedInts;
    private final Map<StateKey, Integer> ids = new HashMap<>();
    /** The state to begin a search in, by the flags of the byte before it. */
    private final int[] entryStates = new int[8];
    /** Per state: the state with the same instructions and NO_START, or UNKNOWN. */
    private int[] twin;
    private int stoppedAt;
    /** The state {@link #runKnown} stopped in. */
    private int stoppedState;
    private int flushesThisSearch;
    private long flushes;

    // Scratch for closures.
    private final int[] stack;
    private final int[] seen;
    private final int[] queued;
    private final int[] next;
    private int generation;

    /**
     * The automaton for {@code regex}, or null when RE2J's program cannot be read (see
     * {@link Re2jInternals}): the caller then runs RE2J alone.
     */
    public static LazyDfa of(Regex regex) {
        return of(regex, MAX_STATES);
    }

    /** With a smaller state budget, for tests of the flush path. */
    static LazyDfa of(Regex regex, int stateBudget) {
        ByteProgram p = Re2jInternals.program(regex.pattern());
        return p == null ? null : new LazyDfa(p, stateBudget);
    }

    private LazyDfa(ByteProgram p, int stateBudget) {
        this.startPc = p.start();
        this.op = p.op();
        this.out = p.out();
        this.arg = p.arg();
        this.bytes = p.bytes();
        int n = op.length;
        int assertions = 0;
        for (int pc = 0; pc < n; pc++) {
            if (op[pc] == ByteProgram.EMPTY_WIDTH) {
                assertions |= arg[pc];
            }
        }
        int tracked = 0;
        if ((assertions & (ByteProgram.EMPTY_BEGIN_TEXT | ByteProgram.EMPTY_BEGIN_LINE)) != 0) {
            tracked |= AT_START;
        }
        if ((assertions & ByteProgram.EMPTY_BEGIN_LINE) != 0) {
            tracked |= AFTER_NEWLINE;
        }
        if ((assertions & (ByteProgram.EMPTY_WORD_BOUNDARY | ByteProgram.EMPTY_NO_WORD_BOUNDARY)) != 0) {
            tracked |= AFTER_WORD;
        }
        this.trackedFlags = tracked;
        this.anchoredAtStart = startsWithBeginText();
        this.classes = buildClasses();
        this.maxStates = Math.max(2, Math.min(stateBudget, MAX_INTS / (classes + 8)));
        this.stack = new int[n * 3 + 2];
        this.seen = new int[n];
        this.queued = new int[n];
        this.next = new int[n];
        reset();
    }

    /** False only when no match of the regex lies within {@code buf[from, to)} taken as a whole text. */
    public boolean mayMatch(byte[] buf, int from, int to) {
        return firstMatchEnd(buf, from, to, 0) >= 0;
    }

    /**
     * Where the first match starting at or after window offset {@code at} can end, as a window
     * offset, or -1 when there is no such match (as RE2J's {@code find(at)} on the window would say).
     * When the automaton gives up it answers {@code at}.
     */
    public int firstMatchEnd(byte[] buf, int from, int to, int at) {
        return search(buf, from, to, at, to - from);
    }

    /**
     * The start of the leftmost match in the window, given {@code end}, a value from
     * {@link #firstMatchEnd} with {@code at} 0 that was not -1. RE2J's {@code find(start)} from there
     * finds the same first match as {@code find()} from the window's start, without running its
     * NFA over the text before it. May answer less than the true start when the automaton gives up,
     * never more.
     */
    public int leftmostStart(byte[] buf, int from, int to, int end) {
        // "Some match starts in [0, p]" is false below the leftmost start and true from it on.
        int lo = 0;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (search(buf, from, to, 0, mid) >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Looks for a match that starts in window offsets {@code [injectFrom, injectTo]}. Returns the
     * first offset where one ends, -1 when none does, {@code injectFrom} when it gives up.
     */
    private int search(byte[] buf, int from, int to, int injectFrom, int injectTo) {
        flushesThisSearch = 0;
        int n = to - from;
        int s = entryState(buf, from, injectFrom);
        int split = Math.min(injectTo, n);
        s = run(s, buf, from + injectFrom, from + split);
        if (s >= 0 && split < n) {
            s = run(s, buf, from + split, from + split + 1);
            if (s >= 0) {
                s = withoutStart(s);
                if (s >= 0) {
                    s = run(s, buf, from + split + 1, to);
                }
            }
        }
        switch (s) {
            case MATCH:
                return stoppedAt - from;
            case DEAD:
                return -1;
            case GAVE_UP:
                return injectFrom;
            default:
                int state = s / classes;
                if (endMatch[state] == 0) {
                    endMatch[state] = (byte) (closure(s, -1) == MATCH ? 2 : 1);
                }
                return endMatch[state] == 2 ? n : -1;
        }
    }

    /**
     * Runs from state {@code s} over {@code buf[i, end)}: the state reached, or MATCH, DEAD or
     * GAVE_UP with {@link #stoppedAt} set to the position where that was decided.
     */
    private int run(int s, byte[] buf, int i, int end) {
        while (true) {
            int t = runKnown(s, buf, i, end);
            if (t != UNKNOWN) {
                return t;
            }
            // A transition not made yet: make it, and go on from the next byte.
            int at = stoppedAt;
            t = step(stoppedState, buf[at] & 0xff);
            if (t < 0) {
                stoppedAt = at;
                return t == UNKNOWN ? GAVE_UP : t;
            }
            s = t;
            i = at + 1;
        }
    }

    /**
     * Follows the transitions made so far: the state at {@code end}, or MATCH, DEAD or UNKNOWN
     * with {@link #stoppedAt} and {@link #stoppedState} set. A loop of its own, apart from the
     * making of new states: the optimising compiler then compiles it small, and new states do
     * not send it back to be compiled again.
     */
    private int runKnown(int s, byte[] buf, int i, int end) {
        int[] tr = trans;
        int[] cls = classOf;
        for (; i < end; i++) {
            int t = tr[s + cls[buf[i] & 0xff]];
            if (t < 0) {
                stoppedAt = i;
                stoppedState = s;
                return t;
            }
            s = t;
        }
        return s;
    }

    /** The state before window offset {@code at}, with no instruction reached yet. */
    private int entryState(byte[] buf, int from, int at) {
        int f;
        if (at == 0) {
            f = AT_START & trackedFlags;
        } else {
            int c = buf[from + at - 1] & 0xff;
            f = ((c == '\n' ? AFTER_NEWLINE : 0) | (isWord(c) ? AFTER_WORD : 0)) & trackedFlags;
        }
        int s = entryStates[f];
        if (s < 0) {
            s = intern(new int[0], f);
            entryStates[f] = s;
        }
        return s;
    }

    /** The same state, except that no further match may start; DEAD when nothing is left. */
    private int withoutStart(int s) {
        int state = s / classes;
        if ((flags[state] & NO_START) != 0) {
            return s;
        }
        int t = twin[state];
        if (t == UNKNOWN) {
            t = kernels[state].length == 0 ? DEAD : intern(kernels[state], flags[state] | NO_START);
            twin[state] = t;
        }
        return t;
    }

    /** How often the state cache was flushed over this automaton's life (for benchmarks). */
    public long flushes() {
        return flushes;
    }

    /** States currently cached (for benchmarks). */
    public int states() {
        return states;
    }

    /** Computes and caches the transition from state {@code s} on byte {@code c}. */
    private int step(int s, int c) {
        int result = closure(s, c);
        if (result == MATCH) {
            trans[s + classOf[c]] = MATCH;
            return MATCH;
        }
        int count = result;
        int noStart = flags[s / classes] & NO_START;
        if (count == 0 && (anchoredAtStart || noStart != 0)) {
            trans[s + classOf[c]] = DEAD;
            return DEAD;
        }
        int[] kernel = Arrays.copyOf(next, count);
        Arrays.sort(kernel);
        int nextFlags = ((c == '\n' ? AFTER_NEWLINE : 0) | (isWord(c) ? AFTER_WORD : 0)) & trackedFlags | noStart;
        StateKey key = new StateKey(kernel, nextFlags);
        Integer known = ids.get(key);
        if (known != null) {
            trans[s + classOf[c]] = known;
            return known;
        }
        if (states >= maxStates || usedInts + classes + kernel.length > MAX_INTS) {
            if (++flushesThisSearch > MAX_FLUSHES_PER_SEARCH) {
                return UNKNOWN;
            }
            flushes++;
            reset();
            // The state being left is gone with the flush; the search continues from the new one.
            return intern(kernel, nextFlags);
        }
        int t = intern(kernel, nextFlags);
        trans[s + classOf[c]] = t;
        return t;
    }

    /**
     * Follows empty-width instructions from state {@code s}'s set plus the start instruction, with the
     * assertions that hold between the state's last byte and {@code c} (-1: end of text). Returns
     * MATCH when a match instruction is reached; otherwise leaves in {@code next} the instructions
     * reached by consuming {@code c} and returns how many.
     */
    private int closure(int s, int c) {
        int state = s / classes;
        int ctx = context(flags[state], c);
        int gen = ++generation;
        if (gen == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            Arrays.fill(queued, 0);
            generation = gen = 1;
        }
        int sp = 0;
        int[] kernel = kernels[state];
        for (int pc : kernel) {
            stack[sp++] = pc;
        }
        if ((flags[state] & NO_START) == 0) {
            stack[sp++] = startPc;
        }
        int count = 0;
        while (sp > 0) {
            int pc = stack[--sp];
            if (pc == 0 || seen[pc] == gen) {
                continue;
            }
            seen[pc] = gen;
            switch (op[pc]) {
                case ByteProgram.MATCH -> {
                    return MATCH;
                }
                case ByteProgram.ALT, ByteProgram.ALT_MATCH -> {
                    stack[sp++] = out[pc];
                    stack[sp++] = arg[pc];
                }
                case ByteProgram.NOP, ByteProgram.CAPTURE -> stack[sp++] = out[pc];
                case ByteProgram.EMPTY_WIDTH -> {
                    if ((arg[pc] & ~ctx) == 0) {
                        stack[sp++] = out[pc];
                    }
                }
                case ByteProgram.CONSUME -> {
                    if (c >= 0 && (bytes[pc][c >>> 6] & (1L << c)) != 0) {
                        int o = out[pc];
                        if (o != 0 && queued[o] != gen) {
                            queued[o] = gen;
                            next[count++] = o;
                        }
                    }
                }
                default -> {
                    // FAIL
                }
            }
        }
        return count;
    }

    /** The EMPTY_* assertions that hold between a byte described by {@code f} and {@code c}. */
    private static int context(int f, int c) {
        int ctx = 0;
        if ((f & AT_START) != 0) {
            ctx |= ByteProgram.EMPTY_BEGIN_TEXT | ByteProgram.EMPTY_BEGIN_LINE;
        }
        if ((f & AFTER_NEWLINE) != 0) {
            ctx |= ByteProgram.EMPTY_BEGIN_LINE;
        }
        if (c < 0) {
            ctx |= ByteProgram.EMPTY_END_TEXT | ByteProgram.EMPTY_END_LINE;
        } else if (c == '\n') {
            ctx |= ByteProgram.EMPTY_END_LINE;
        }
        boolean before = (f & AFTER_WORD) != 0;
        ctx |= before != isWord(c) ? ByteProgram.EMPTY_WORD_BOUNDARY : ByteProgram.EMPTY_NO_WORD_BOUNDARY;
        return ctx;
    }

    /** RE2J's word characters for \b and \B: ASCII only. */
    private static boolean isWord(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Whether every path from the start passes a begin-of-text assertion before anything else. */
    private boolean startsWithBeginText() {
        int pc = startPc;
        for (int guard = 0; guard < op.length; guard++) {
            switch (op[pc]) {
                case ByteProgram.EMPTY_WIDTH -> {
                    if ((arg[pc] & ByteProgram.EMPTY_BEGIN_TEXT) != 0) {
                        return true;
                    }
                }
                case ByteProgram.NOP, ByteProgram.CAPTURE -> {
                }
                default -> {
                    return false;
                }
            }
            pc = out[pc];
        }
        return false;
    }

    /**
     * Splits the 256 byte values into classes no instruction or assertion tells apart, so the
     * transition table has one column per class instead of per byte.
     */
    private int buildClasses() {
        long[] newline = new long[4];
        newline[0] = 1L << '\n';
        long[] word = new long[4];
        for (int c = 0; c < 256; c++) {
            if (isWord(c)) {
                word[c >>> 6] |= 1L << c;
            }
        }
        int n = 1;
        n = refine(newline, n);
        n = refine(word, n);
        Set<List<Long>> done = new HashSet<>();
        for (long[] set : bytes) {
            if (set != null && done.add(List.of(set[0], set[1], set[2], set[3]))) {
                n = refine(set, n);
            }
        }
        return n;
    }

    private int refine(long[] set, int n) {
        int[] remap = new int[n * 2];
        Arrays.fill(remap, -1);
        int m = 0;
        for (int c = 0; c < 256; c++) {
            int key = classOf[c] * 2 + ((set[c >>> 6] & (1L << c)) != 0 ? 1 : 0);
            if (remap[key] < 0) {
                remap[key] = m++;
            }
            classOf[c] = remap[key];
        }
        return m;
    }

    private void reset() {
        ids.clear();
        states = 0;
        usedInts = 0;
        int cap = 16;
        trans = new int[cap * classes];
        Arrays.fill(trans, UNKNOWN);
        kernels = new int[cap][];
        flags = new int[cap];
        endMatch = new byte[cap];
        twin = new int[cap];
        Arrays.fill(twin, UNKNOWN);
        Arrays.fill(entryStates, UNKNOWN);
    }

    private int intern(int[] kernel, int stateFlags) {
        StateKey key = new StateKey(kernel, stateFlags);
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        if (states == kernels.length) {
            int cap = states * 2;
            int oldLen = trans.length;
            trans = Arrays.copyOf(trans, cap * classes);
            Arrays.fill(trans, oldLen, trans.length, UNKNOWN);
            kernels = Arrays.copyOf(kernels, cap);
            flags = Arrays.copyOf(flags, cap);
            endMatch = Arrays.copyOf(endMatch, cap);
            twin = Arrays.copyOf(twin, cap);
            Arrays.fill(twin, states, cap, UNKNOWN);
        }
        int id = states++;
        kernels[id] = kernel;
        flags[id] = stateFlags;
        usedInts += classes + kernel.length;
        int offset = id * classes;
        ids.put(key, offset);
        return offset;
    }

    private record StateKey(int[] kernel, int flags) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey k && k.flags == flags && Arrays.equals(k.kernel, kernel);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(kernel) * 31 + flags;
        }
    }
}
