package io.leakgate.detect;

import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over all rules' keywords, compiled to a dense DFA over byte classes,
 * so one pass over a buffer finds every keyword occurrence, ASCII case-insensitively.
 *
 * <p>Bytes that occur in no keyword share one class, which keeps the table small enough to stay
 * in cache (a few hundred KiB for a pack of 250 keywords). {@link KeywordIndexBuilder} builds it,
 * {@link KeywordIndexFile} writes and reads it.
 */
final class KeywordIndex {
    /** Receives keyword hits in the order of their end positions. */
    interface HitSink {
        /** @param keyword index into the keyword list; {@code end} is exclusive */
        void hit(int keyword, int start, int end);
    }

    /** Buffers shorter than this (beyond four times the overlap) are not worth splitting. */
    private static final int SPLIT_AT = 4096;

    final byte[] byteClass;
    final int classes;
    /**
     * Transitions, pre-multiplied: the next state's row offset is {@code delta[rowOffset + class]},
     * stored bit-inverted (negative) when that state ends a keyword, so the hot loop tests a sign
     * instead of looking up a second table.
     */
    final int[] delta;
    /** Per state (indexed by row offset / classes): keyword ids that end here, or null. */
    final int[][] outputs;
    final int[] lengths;
    /** The longest keyword's length in bytes. */
    private final int longest;

    /** The automaton for {@code keywords}, built now. */
    static KeywordIndex of(List<String> keywords) {
        return KeywordIndexBuilder.build(keywords).index();
    }

    KeywordIndex(byte[] byteClass, int classes, int[] delta, int[][] outputs, int[] lengths) {
        this.byteClass = byteClass;
        this.classes = classes;
        this.delta = delta;
        this.outputs = outputs;
        this.lengths = lengths;
        this.longest = longest(lengths);
    }

    private static int longest(int[] lengths) {
        int max = 1;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        return max;
    }

    /**
     * Reports every keyword occurrence in {@code buf[from, to)}, in the order of their ends.
     *
     * <p>Each step of the automaton waits for the previous one's table lookup, so one pass is
     * bound by memory latency, not by work. A long buffer is therefore cut in four parts run by
     * four automata in the same loop, whose lookups overlap. Each part after the first starts
     * early by the longest keyword's length less one, so it sees every keyword ending in its
     * part, and each reports only those. Hits wait in per-part buffers until the loop is done.
     */
    void scan(byte[] buf, int from, int to, HitSink sink) {
        int overlap = longest - 1;
        if (to - from < 4 * overlap + SPLIT_AT) {
            scanOne(buf, from, to, sink);
            return;
        }
        final byte[] cls = byteClass;
        final int[] d = delta;
        int q = (to - from) / 4;
        // Part k reports ends in (b_k, b_k+1], with b_0 = from - 1 and b_4 = to.
        int b1 = from + q;
        int b2 = b1 + q;
        int b3 = b2 + q;
        // Parts 1 to 3 start at p_k = b_k - overlap; part 0 at from. All run `steps` bytes in the
        // loop; part 3 finishes alone.
        int p1 = b1 - overlap;
        int p2 = b2 - overlap;
        int p3 = b3 - overlap;
        int steps = q + overlap;
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        Hits h0 = new Hits();
        Hits h1 = new Hits();
        Hits h2 = new Hits();
        Hits h3 = new Hits();
        for (int t = 0; t < steps; t++) {
            s0 = d[s0 + cls[buf[from + t] & 0xff]];
            s1 = d[s1 + cls[buf[p1 + t] & 0xff]];
            s2 = d[s2 + cls[buf[p2 + t] & 0xff]];
            s3 = d[s3 + cls[buf[p3 + t] & 0xff]];
            if ((s0 | s1 | s2 | s3) < 0) {
                if (s0 < 0) {
                    s0 = ~s0;
                    h0.addIn(this, s0, from + t + 1, from, b1);
                }
                if (s1 < 0) {
                    s1 = ~s1;
                    h1.addIn(this, s1, p1 + t + 1, b1 + 1, b2);
                }
                if (s2 < 0) {
                    s2 = ~s2;
                    h2.addIn(this, s2, p2 + t + 1, b2 + 1, b3);
                }
                if (s3 < 0) {
                    s3 = ~s3;
                    h3.addIn(this, s3, p3 + t + 1, b3 + 1, to);
                }
            }
        }
        for (int i = p3 + steps; i < to; i++) {
            s3 = d[s3 + cls[buf[i] & 0xff]];
            if (s3 < 0) {
                s3 = ~s3;
                h3.addIn(this, s3, i + 1, b3 + 1, to);
            }
        }
        h0.replay(sink);
        h1.replay(sink);
        h2.replay(sink);
        h3.replay(sink);
    }

    private void scanOne(byte[] buf, int from, int to, HitSink sink) {
        final byte[] cls = byteClass;
        final int[] d = delta;
        int state = 0;
        for (int i = from; i < to; i++) {
            state = d[state + cls[buf[i] & 0xff]];
            if (state < 0) {
                state = ~state;
                emit(state, i + 1, sink);
            }
        }
    }

    private void emit(int state, int end, HitSink sink) {
        for (int k : outputs[state / classes]) {
            sink.hit(k, end - lengths[k], end);
        }
    }

    /** Hits held back, in order. */
    private static final class Hits {
        private int[] hits = new int[96];
        private int size;

        /** The keywords of {@code state} ending at {@code end}, if {@code first <= end <= last}. */
        void addIn(KeywordIndex index, int state, int end, int first, int last) {
            if (end >= first && end <= last) {
                for (int k : index.outputs[state / index.classes]) {
                    add(k, end - index.lengths[k], end);
                }
            }
        }

        void add(int keyword, int start, int end) {
            if (size + 3 > hits.length) {
                hits = Arrays.copyOf(hits, hits.length * 2);
            }
            hits[size++] = keyword;
            hits[size++] = start;
            hits[size++] = end;
        }

        void replay(HitSink sink) {
            for (int i = 0; i < size; i += 3) {
                sink.hit(hits[i], hits[i + 1], hits[i + 2]);
            }
        }
    }

    int stateCount() {
        return outputs.length;
    }
}
