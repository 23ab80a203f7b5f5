package io.leakgate.rules;

import io.leakgate.finding.Severity;
import io.leakgate.regex.LazyPattern;
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
    static final String RESOURCE = BundledPack.DIR + "/pack.bin";
    /** The pack's identity (hex SHA-256 of {@code pack.bin}), for records kept per rule pack. */
    static final String ID_RESOURCE = BundledPack.DIR + "/pack.id";
    private static final int MAGIC = 0x4c475037; // "LGP7"

    private PackedRules() {
    }

    /** Build step: packs the TOML rules found under {@code <classes>/rules} into {@code pack.bin} there. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve(BundledPack.DIR);
        RuleSet set = new ConfigLoader().loadDefaultToml();
        try (OutputStream out = Files.newOutputStream(dir.resolve("pack.bin"))) {
            write(set, out);
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("pack.bin")));
        Files.writeString(dir.resolve("pack.id"), java.util.HexFormat.of().formatHex(digest) + "\n");
    }

    /** The bundled pack's identity as the build wrote it, or null when the jar has none. */
    public static String bundledId() {
        try (java.io.InputStream in = PackedRules.class.getClassLoader().getResourceAsStream(ID_RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes the pack: the scan tables, then each rule as a length-prefixed record (so one can be
     * decoded without the others), the global allowlists and the canary accounts.
     */
    static void write(RuleSet set, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(set.rules().size());
        RuleTables tables = RuleTables.of(set.rules(), set.allowlists());
        strings(out, tables.keywords());
        for (int[] rules : tables.keywordRules()) {
            ints(out, rules);
        }
        ints(out, tables.unkeyed());
        ints(out, tables.pathOnly());
        ints(out, tables.claiming());
        ints(out, tables.byLocation());
        strings(out, tables.requiredIds());
        for (Rule r : set.rules()) {
            java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
            DataOutputStream recordOut = new DataOutputStream(record);
            rule(recordOut, r);
            recordOut.flush();
            out.writeInt(record.size());
            record.writeTo(out);
        }
        allowlists(out, set.allowlists());
        strings(out, sorted(set.canaryAwsAccounts()));
        out.flush();
    }

    private static void rule(DataOutputStream out, Rule r) throws IOException {
        big(out, r.id());
        big(out, r.description());
        pattern(out, r.regex());
        out.writeInt(r.secretGroup());
        out.writeDouble(r.entropy());
        strings(out, r.keywords());
        pattern(out, r.path());
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
        pattern(out, r.claims());
        out.writeByte(r.specificity().ordinal());
        strings(out, r.givesWayTo());
        out.writeInt(r.required().size());
        for (Requirement q : r.required()) {
            big(out, q.ruleId());
            out.writeInt(q.withinLines());
            out.writeInt(q.withinColumns());
        }
        out.writeBoolean(r.skipReport());
        strings(out, r.magic() == null ? List.of() : r.magic().patterns());
    }

    /**
     * Reads a pack. Its rules decode when first asked for (see {@link PackedRuleList}); the scan
     * tables, global allowlists and canary accounts are read now.
     *
     * @param withExamples whether to read each rule's examples; scanning needs none of them, and
     *                     they are most of the pack
     */
    static RuleSet read(InputStream stream, String origin, boolean withExamples) throws IOException {
        // One bulk read, then plain array reads: a hook runs this once per push, before anything is warm.
        byte[] bytes = stream.readAllBytes();
        In in = new In(bytes);
        if (in.getInt() != MAGIC) {
            throw new IOException("not a packed rule pack");
        }
        int n = in.getInt();
        List<String> keywords = strings(in);
        int[][] keywordRules = new int[keywords.size()][];
        for (int k = 0; k < keywordRules.length; k++) {
            keywordRules[k] = ints(in, n);
        }
        RuleTables tables = new RuleTables(keywords, keywordRules, ints(in, n), ints(in, n), ints(in, n), ints(in, n),
                strings(in));
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            int length = in.getInt();
            offsets[i] = in.at;
            in.skip(length);
        }
        List<Allowlist> allowlists = allowlists(in);
        // The canary accounts travel in the pack: one resource to read, not two.
        Set<String> canaries = new HashSet<>(strings(in));
        PackedRuleList rules = new PackedRuleList(n, new Records(bytes, offsets, withExamples));
        return new RuleSet(rules, allowlists, origin, canaries, tables);
    }

    /** Decodes rule records in place (a class, not a lambda: a lambda's first use costs a cold JVM). */
    private static final class Records implements PackedRuleList.Decoder {
        private final byte[] bytes;
        private final int[] offsets;
        private final boolean withExamples;

        Records(byte[] bytes, int[] offsets, boolean withExamples) {
            this.bytes = bytes;
            this.offsets = offsets;
            this.withExamples = withExamples;
        }

        @Override
        public Rule decode(int index) throws IOException {
            return rule(new In(bytes, offsets[index]), withExamples);
        }
    }

    private static Rule rule(In in, boolean withExamples) throws IOException {
        String id = big(in);
        String description = big(in);
        LazyPattern regex = pattern(in);
        int secretGroup = in.getInt();
        double entropy = in.getDouble();
        List<String> keywords = strings(in);
        LazyPattern path = pattern(in);
        List<String> tags = strings(in);
        Severity severity = Severity.values()[in.get()];
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
            validate.add(Validation.values()[in.get()]);
        }
        LazyPattern claims = pattern(in);
        Specificity specificity = Specificity.values()[in.get()];
        List<String> givesWayTo = strings(in);
        int nq = in.getInt();
        List<Requirement> required = new ArrayList<>(nq);
        for (int q = 0; q < nq; q++) {
            required.add(new Requirement(big(in), in.getInt(), in.getInt()));
        }
        boolean skipReport = in.get() != 0;
        List<String> magic = strings(in);
        return new Rule(id, description, regex, secretGroup, entropy, keywords, path, tags, severity,
                allowlists, examples, negatives, span, validate, claims, specificity, givesWayTo, required,
                skipReport, magic.isEmpty() ? null : FileMagic.parse(magic));
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    /** Rule indexes, each below {@code bound}. */
    private static int[] ints(In in, int bound) throws IOException {
        int[] out = new int[in.getInt()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.getInt();
            if (out[i] < 0 || out[i] >= bound) {
                throw new IOException("damaged rule pack: rule index " + out[i] + " of " + bound);
            }
        }
        return out;
    }

    private static void allowlists(DataOutputStream out, List<Allowlist> list) throws IOException {
        out.writeInt(list.size());
        for (Allowlist a : list) {
            big(out, a.description());
            out.writeByte(a.condition().ordinal());
            out.writeByte(a.regexTarget().ordinal());
            patterns(out, a.regexes());
            patterns(out, a.paths());
            strings(out, a.stopwords());
            strings(out, sorted(a.commits()));
            strings(out, sorted(a.targetRules()));
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
            List<LazyPattern> regexes = patterns(in);
            List<LazyPattern> paths = patterns(in);
            out.add(new Allowlist(description, condition, target, regexes, paths, strings(in),
                    new HashSet<>(strings(in)), new HashSet<>(strings(in))));
        }
        return out;
    }

    /**
     * A pattern (or its absence), with the literals one of which its every match holds, found
     * here at build time: a hook then skips most path and allowlist regexes without compiling
     * them.
     */
    private static void pattern(DataOutputStream out, LazyPattern p) throws IOException {
        nullable(out, p == null ? null : p.source());
        if (p != null) {
            String[] literals = LazyPattern.literals(p.source());
            strings(out, literals == null ? List.of() : List.of(literals));
        }
    }

    private static LazyPattern pattern(In in) throws IOException {
        String source = nullable(in);
        if (source == null) {
            return null;
        }
        List<String> literals = strings(in);
        return new LazyPattern(source, literals.isEmpty() ? null : literals.toArray(new String[0]));
    }

    private static void patterns(DataOutputStream out, List<LazyPattern> list) throws IOException {
        out.writeInt(list.size());
        for (LazyPattern p : list) {
            pattern(out, p);
        }
    }

    private static List<LazyPattern> patterns(In in) throws IOException {
        int n = in.getInt();
        List<LazyPattern> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LazyPattern p = pattern(in);
            if (p == null) {
                throw new IOException("damaged rule pack: a pattern list holds a missing pattern");
            }
            out.add(p);
        }
        return out;
    }

    private static void examples(DataOutputStream out, List<Example> list) throws IOException {
        out.writeInt(list.size());
        for (Example e : list) {
            big(out, e.path());
            big(out, e.text());
            out.writeBoolean(e.hex());
        }
    }

    private static List<Example> examples(In in) throws IOException {
        int n = in.getInt();
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Example(big(in), big(in), in.get() != 0));
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

    /**
     * Reads a packed pack held in memory, big-endian as DataOutputStream wrote it. Plain array
     * reads: a hook runs this once per push in a cold JVM, where ByteBuffer's accessors cost
     * several interpreted calls per value.
     */
    private static final class In {
        private final byte[] bytes;
        private int at;

        In(byte[] bytes) {
            this(bytes, 0);
        }

        In(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        private void need(int n) throws IOException {
            if (n < 0 || n > bytes.length - at) {
                throw new IOException("truncated rule pack");
            }
        }

        int getInt() throws IOException {
            need(4);
            byte[] b = bytes;
            int p = at;
            at = p + 4;
            return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
        }

        byte get() throws IOException {
            need(1);
            return bytes[at++];
        }

        double getDouble() throws IOException {
            long high = getInt() & 0xffffffffL;
            long low = getInt() & 0xffffffffL;
            return Double.longBitsToDouble(high << 32 | low);
        }

        String string(int length) throws IOException {
            need(length);
            String s = new String(bytes, at, length, java.nio.charset.StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        void skip(int length) throws IOException {
            need(length);
            at += length;
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

    /** A set's members in a fixed order, so the same rules always pack to the same bytes. */
    private static List<String> sorted(java.util.Collection<String> set) {
        return new java.util.TreeSet<>(set).stream().toList();
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
