package io.leakgate.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the {@link KeywordIndex} automaton from keywords: a trie, its failure links, the dense table. */
final class KeywordIndexBuilder {
    /**
     * An automaton as built, with what only writing it needs: each state's failure state, and the
     * states in breadth-first order, in which a state's failure state always comes first.
     */
    record Built(KeywordIndex index, int[] fail, int[] order) {
    }

    private KeywordIndexBuilder() {
    }

    static Built build(List<String> keywords) {
        byte[] byteClass = new byte[256];
        int[] lengths = new int[keywords.size()];
        byte[][] words = new byte[keywords.size()][];
        boolean[] used = new boolean[256];
        for (int i = 0; i < words.length; i++) {
            words[i] = fold(keywords.get(i).getBytes(StandardCharsets.UTF_8));
            lengths[i] = words[i].length;
            for (byte b : words[i]) {
                used[b & 0xff] = true;
            }
        }
        int next = 1;
        byte[] classOf = new byte[256];
        for (int b = 0; b < 256; b++) {
            if (used[b]) {
                classOf[b] = (byte) next++;
            }
        }
        for (int b = 0; b < 256; b++) {
            byteClass[b] = classOf[fold((byte) b) & 0xff];
        }
        int classes = next;

        // Trie with goto function; -1 = no edge.
        List<int[]> go = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        go.add(newRow(classes));
        out.add(null);
        for (int k = 0; k < words.length; k++) {
            if (words[k].length == 0) {
                continue;
            }
            int s = 0;
            for (byte b : words[k]) {
                int c = byteClass[b & 0xff];
                if (go.get(s)[c] < 0) {
                    go.get(s)[c] = go.size();
                    go.add(newRow(classes));
                    out.add(null);
                }
                s = go.get(s)[c];
            }
            out.set(s, append(out.get(s), k));
        }
        int states = go.size();
        int[] fail = new int[states];
        int[] order = new int[states];
        int ordered = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = go.get(0);
        for (int c = 0; c < classes; c++) {
            if (root[c] < 0) {
                root[c] = 0;
            } else {
                fail[root[c]] = 0;
                queue.add(root[c]);
            }
        }
        // Class 0 (bytes in no keyword) always returns to the root.
        root[0] = 0;
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[ordered++] = s;
            int[] row = go.get(s);
            int[] inherited = out.get(fail[s]);
            if (inherited != null) {
                int[] merged = out.get(s);
                for (int k : inherited) {
                    merged = append(merged, k);
                }
                out.set(s, merged);
            }
            for (int c = 0; c < classes; c++) {
                int t = row[c];
                int viaFail = go.get(fail[s])[c];
                if (t < 0 || c == 0) {
                    row[c] = c == 0 ? 0 : viaFail;
                } else {
                    fail[t] = viaFail;
                    queue.add(t);
                }
            }
        }
        int[] delta = new int[states * classes];
        int[][] outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            int[] row = go.get(s);
            for (int c = 0; c < classes; c++) {
                int target = row[c];
                delta[s * classes + c] = out.get(target) == null ? target * classes : ~(target * classes);
            }
            outputs[s] = out.get(s);
        }
        return new Built(new KeywordIndex(byteClass, classes, delta, outputs, lengths), fail, order);
    }

    private static int[] newRow(int classes) {
        int[] row = new int[classes];
        Arrays.fill(row, -1);
        return row;
    }

    private static int[] append(int[] a, int v) {
        if (a == null) {
            return new int[] {v};
        }
        for (int x : a) {
            if (x == v) {
                return a;
            }
        }
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static byte fold(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static byte[] fold(byte[] word) {
        byte[] r = word.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = fold(r[i]);
        }
        return r;
    }
}
