package io.leakgate.rules;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bundled rule pack in a compact binary form, written at build time from {@code rules/*.toml}.
 * A hook starts a JVM per push: parsing several thousand lines of TOML there costs more than
 * scanning a typical push, while reading this form costs a few milliseconds. The TOML files stay
 * the source; a test checks that both forms load to the same rules.
 */
public final class PackedRules {
    /** Where the packed form lives on the class path. */
    static final String RESOURCE = ConfigLoader.BUNDLED_DIR + "/pack.bin";
    private static final int MAGIC = 0x4c475033; // "LGP3"

    private PackedRules() {
    }

    /** Build step: packs the TOML rules found under {@code <classes>/rules} into {@code pack.bin} there. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve(ConfigLoader.BUNDLED_DIR);
        RuleSet set = new ConfigLoader().loadDefaultToml();
        try (OutputStream out = Files.newOutputStream(dir.resolve("pack.bin"))) {
            write(set, out);
        }
    }

    static void write(RuleSet set, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(set.rules().size());
        for (Rule r : set.rules()) {
            big(out, r.id());
            big(out, r.description());
            nullable(out, r.regex() == null ? null : r.regex().source());
            out.writeInt(r.secretGroup());
            out.writeDouble(r.entropy());
            strings(out, r.keywords());
            nullable(out, r.path() == null ? null : r.path().source());
            strings(out, r.tags());
            out.writeByte(r.severity().ordinal());
            allowlists(out, r.allowlists());
            // Length-prefixed, so a reader that only scans skips them in one step.
            java.io.ByteArrayOutputStream section = new java.io.ByteArrayOutputStream();
            DataOutputStream sectionOut = new DataOutputStream(section);
            examples(sectionOut, r.examples());
            examples(sectionOut, r.negativeExamples());
            sectionOut.flush();
            out.writeInt(section.size());
            section.writeTo(out);
            out.writeInt(r.span());
            out.writeInt(r.validate().size());
            for (Validation v : r.validate()) {
                out.writeByte(v.ordinal());
            }
            nullable(out, r.claims() == null ? null : r.claims().source());
        }
        allowlists(out, set.allowlists());
        out.flush();
    }

    /**
     * @param withExamples whether to read each rule's examples; scanning needs none of them, and
     *                     they are most of the pack
     */
    static RuleSet read(InputStream stream, String origin, Set<String> canaryAccounts, boolean withExamples)
            throws IOException {
        // One bulk read, then plain array reads: a hook runs this once per push, before anything is warm.
        In in = new In(stream.readAllBytes());
        if (in.getInt() != MAGIC) {
            throw new IOException("not a packed rule pack");
        }
        int n = in.getInt();
        List<Rule> rules = new ArrayList<>(n);
        Severity[] severities = Severity.values();
        Validation[] validations = Validation.values();
        for (int i = 0; i < n; i++) {
            String id = big(in);
            String description = big(in);
            String regex = nullable(in);
            int secretGroup = in.getInt();
            double entropy = in.getDouble();
            List<String> keywords = strings(in);
            String path = nullable(in);
            List<String> tags = strings(in);
            Severity severity = severities[in.get()];
            List<Allowlist> allowlists = allowlists(in);
            int sectionSize = in.getInt();
            List<Example> examples = List.of();
            List<Example> negatives = List.of();
            if (withExamples) {
                examples = examples(in);
                negatives = examples(in);
            } else {
                in.skip(sectionSize);
            }
            int span = in.getInt();
            int nv = in.getInt();
            List<Validation> validate = new ArrayList<>(nv);
            for (int v = 0; v < nv; v++) {
                validate.add(validations[in.get()]);
            }
            String claims = nullable(in);
            rules.add(new Rule(id, description, regex == null ? null : new LazyPattern(regex), secretGroup, entropy,
                    keywords, path == null ? null : new LazyPattern(path), tags, severity, allowlists, examples,
                    negatives, span, validate, claims == null ? null : new LazyPattern(claims)));
        }
        return new RuleSet(rules, allowlists(in), origin, canaryAccounts);
    }

    private static void allowlists(DataOutputStream out, List<Allowlist> list) throws IOException {
        out.writeInt(list.size());
        for (Allowlist a : list) {
            big(out, a.description());
            out.writeByte(a.condition().ordinal());
            out.writeByte(a.regexTarget().ordinal());
            strings(out, a.regexes().stream().map(LazyPattern::source).toList());
            strings(out, a.paths().stream().map(LazyPattern::source).toList());
            strings(out, a.stopwords());
            strings(out, List.copyOf(a.commits()));
            strings(out, List.copyOf(a.targetRules()));
        }
    }

    private static List<Allowlist> allowlists(In in) throws IOException {
        int n = in.getInt();
        List<Allowlist> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String description = big(in);
            Allowlist.Condition condition = Allowlist.Condition.values()[in.get()];
            Allowlist.RegexTarget target = Allowlist.RegexTarget.values()[in.get()];
            // Compiled on first use: most allowlists never see a match in a hook's small push.
            List<LazyPattern> regexes = lazy(strings(in));
            List<LazyPattern> paths = lazy(strings(in));
            out.add(new Allowlist(description, condition, target, regexes, paths, strings(in),
                    new HashSet<>(strings(in)), new HashSet<>(strings(in))));
        }
        return out;
    }

    private static List<LazyPattern> lazy(List<String> sources) {
        List<LazyPattern> out = new ArrayList<>(sources.size());
        for (String s : sources) {
            out.add(new LazyPattern(s));
        }
        return out;
    }

    private static void examples(DataOutputStream out, List<Example> list) throws IOException {
        out.writeInt(list.size());
        for (Example e : list) {
            big(out, e.path());
            big(out, e.text());
        }
    }

    private static List<Example> examples(In in) throws IOException {
        int n = in.getInt();
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Example(big(in), big(in)));
        }
        return out;
    }

    /** Strings of any length (writeUTF stops at 64 KiB). */
    private static void big(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String big(In in) throws IOException {
        return in.string(in.getInt());
    }

    /** Reads a packed pack held in memory. */
    private static final class In {
        private final java.nio.ByteBuffer buf;

        In(byte[] bytes) {
            this.buf = java.nio.ByteBuffer.wrap(bytes);
        }

        int getInt() throws IOException {
            try {
                return buf.getInt();
            } catch (java.nio.BufferUnderflowException e) {
                throw new IOException("truncated rule pack", e);
            }
        }

        byte get() throws IOException {
            try {
                return buf.get();
            } catch (java.nio.BufferUnderflowException e) {
                throw new IOException("truncated rule pack", e);
            }
        }

        double getDouble() throws IOException {
            try {
                return buf.getDouble();
            } catch (java.nio.BufferUnderflowException e) {
                throw new IOException("truncated rule pack", e);
            }
        }

        String string(int length) throws IOException {
            if (length < 0 || length > buf.remaining()) {
                throw new IOException("truncated rule pack");
            }
            String s = new String(buf.array(), buf.position(), length, java.nio.charset.StandardCharsets.UTF_8);
            buf.position(buf.position() + length);
            return s;
        }

        void skip(int length) throws IOException {
            if (length < 0 || length > buf.remaining()) {
                throw new IOException("truncated rule pack");
            }
            buf.position(buf.position() + length);
        }
    }

    private static void nullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            big(out, s);
        }
    }

    private static String nullable(In in) throws IOException {
        return (in.get() != 0) ? big(in) : null;
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            big(out, s);
        }
    }

    private static List<String> strings(In in) throws IOException {
        int n = in.getInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(big(in));
        }
        return out;
    }
}
