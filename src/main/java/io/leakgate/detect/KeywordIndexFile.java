package io.leakgate.detect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link KeywordIndex} automaton as a file: the build writes the bundled pack's (see
 * {@link PackedKeywords}), and a hook reads it instead of building it.
 */
final class KeywordIndexFile {
    /** Where the build puts the bundled pack's automaton. */
    static final String BUNDLED = "rules/keywords.bin";
    private static final int MAGIC = 0x4c474b32; // "LGK2"

    private KeywordIndexFile() {
    }

    /**
     * The automaton the build made for the bundled pack, when {@code keywords} are exactly the
     * ones it was made from; else null. Building it costs a hook more than the rest of a small
     * push's scan; reading it costs a bulk copy.
     */
    static KeywordIndex bundled(List<String> keywords) {
        try (InputStream in = KeywordIndexFile.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            return in == null ? null : read(in, keywords);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes the automaton for the keywords it was made from. A state's row is its failure
     * state's row except where the trie leads on, so each row is written as those differences
     * (a few per state) and rebuilt by copying rows in breadth-first order: a tenth of the
     * dense table's size to read and inflate.
     */
    static void write(KeywordIndexBuilder.Built built, List<String> keywords, OutputStream stream)
            throws IOException {
        KeywordIndex index = built.index();
        int classes = index.classes;
        int[] delta = index.delta;
        int[][] outputs = index.outputs;
        int[] fail = built.fail();
        int[] order = built.order();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(keywords.size());
        out.writeLong(fingerprint(keywords));
        out.writeInt(classes);
        out.write(index.byteClass);
        ints(out, index.lengths);
        int states = outputs.length;
        int[] differing = new int[states];
        int[] changes = new int[2 * states * 2];
        int n = 0;
        for (int i = 1; i < states; i++) {
            int s = order[i];
            int from = fail[s] * classes;
            for (int c = 0; c < classes; c++) {
                int value = delta[s * classes + c];
                if (value != delta[from + c]) {
                    if (n + 2 > changes.length) {
                        changes = Arrays.copyOf(changes, changes.length * 2);
                    }
                    changes[n++] = c;
                    changes[n++] = value;
                    differing[i]++;
                }
            }
        }
        ints(out, Arrays.copyOf(delta, classes));
        ints(out, order);
        ints(out, fail);
        ints(out, differing);
        ints(out, Arrays.copyOf(changes, n));
        int[] offsets = new int[states + 1];
        int total = 0;
        for (int s = 0; s < states; s++) {
            offsets[s] = total;
            total += outputs[s] == null ? 0 : outputs[s].length;
        }
        offsets[states] = total;
        int[] flat = new int[total];
        for (int s = 0; s < states; s++) {
            if (outputs[s] != null) {
                System.arraycopy(outputs[s], 0, flat, offsets[s], outputs[s].length);
            }
        }
        ints(out, offsets);
        ints(out, flat);
        out.flush();
    }

    /** The automaton in {@code stream} if it was made from exactly {@code keywords}; else null. */
    static KeywordIndex read(InputStream stream, List<String> keywords) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != keywords.size() || in.readLong() != fingerprint(keywords)) {
            return null;
        }
        int classes = in.readInt();
        byte[] byteClass = in.readNBytes(256);
        int[] lengths = ints(in);
        int[] root = ints(in);
        int[] order = ints(in);
        int[] fail = ints(in);
        int[] differing = ints(in);
        int[] changes = ints(in);
        int states = order.length;
        if (root.length != classes || fail.length != states || differing.length != states) {
            throw new IOException("damaged keyword automaton");
        }
        int[] delta = new int[states * classes];
        System.arraycopy(root, 0, delta, 0, classes);
        int at = 0;
        for (int i = 1; i < states; i++) {
            int row = order[i] * classes;
            System.arraycopy(delta, fail[order[i]] * classes, delta, row, classes);
            for (int k = 0; k < differing[i]; k++, at += 2) {
                delta[row + changes[at]] = changes[at + 1];
            }
        }
        int[] offsets = ints(in);
        int[] flat = ints(in);
        int[][] outputs = new int[offsets.length - 1][];
        for (int s = 0; s < outputs.length; s++) {
            if (offsets[s + 1] > offsets[s]) {
                outputs[s] = Arrays.copyOfRange(flat, offsets[s], offsets[s + 1]);
            }
        }
        return new KeywordIndex(byteClass, classes, delta, outputs, lengths);
    }

    /**
     * A 64-bit FNV-1a hash of the keywords, to tell whether a written automaton was made from
     * them (reading them back one by one cost a hook more than the rest of the file).
     */
    private static long fingerprint(List<String> keywords) {
        long h = 0xcbf29ce484222325L;
        for (String k : keywords) {
            for (int i = 0; i < k.length(); i++) {
                h = (h ^ k.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xffff) * 0x100000001b3L;
        }
        return h;
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        out.writeInt(values.length);
        out.write(b.array());
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] bytes = in.readNBytes(n * 4);
        if (bytes.length != n * 4) {
            throw new IOException("truncated keyword automaton");
        }
        int[] values = new int[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

}
