package io.leakgate.policy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.LeakgateException;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Fingerprint;
import io.leakgate.finding.Location;
import io.leakgate.finding.LocationKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Findings a team has accepted, by content fingerprint (rule + path + a hash of the secret): a
 * baseline entry stays valid through rebases, squashes and line moves, and the file never holds
 * a secret, only a short hint such as {@code AKIA…} to help a reader recognise it.
 *
 * <p>The file is JSON: {@code {"leakgate":"baseline","version":2,"entries":[{"fingerprint",
 * "rule","path","hint"}]}}, sorted so that re-creating it gives a readable diff. An entry for a
 * place that is no file also has a {@code "kind"} ({@code commit-message}, {@code tag-message})
 * and its kind's pseudo path as path; an entry without one is a file's.
 */
public final class Baseline {
    /** A fingerprint as {@link Fingerprint} makes it: scheme prefix, then 32 hex digits. */
    static final Pattern FINGERPRINT = Pattern.compile("v2k?-[0-9a-f]{32}");
    /** What leakgate wrote before fingerprints were salted and slow: a bare truncated SHA-256. */
    static final Pattern OLD_FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
    /** 2: fingerprints are {@link Fingerprint}'s salted, slow ones. */
    private static final int FORMAT_VERSION = 2;

    /**
     * Why fingerprints from before version 2 are refused rather than matched: matching them would
     * keep a file that anyone can read weak secrets out of in the repository.
     */
    static final String OUTDATED = "made by an older leakgate, whose fingerprints are plain SHA-256 hashes that "
            + "hashing guesses of a weak secret inverts";

    /** One accepted finding; {@code hint} is at most the secret's first four characters. */
    public record Entry(String fingerprint, String rule, String path, String hint, LocationKind kind) {
        public Entry {
            kind = kind == null ? LocationKind.FILE : kind;
        }

        /** An accepted finding in a file. */
        public Entry(String fingerprint, String rule, String path, String hint) {
            this(fingerprint, rule, path, hint, LocationKind.FILE);
        }
    }

    private final Map<String, Entry> entries;

    private Baseline(Collection<Entry> entries) {
        Map<String, Entry> byFingerprint = new LinkedHashMap<>();
        entries.stream()
                .sorted(Comparator.comparing(Entry::path).thenComparing(Entry::rule).thenComparing(Entry::fingerprint))
                .forEach(e -> byFingerprint.putIfAbsent(e.fingerprint(), e));
        this.entries = byFingerprint;
    }

    /** Accepts these findings, each at every place it was seen. */
    public static Baseline of(Collection<Finding> findings) {
        List<Entry> out = new ArrayList<>();
        for (Finding f : findings) {
            String hint = hint(f.secret());
            out.add(new Entry(f.fingerprint(), f.rule().id(), f.path(), hint, f.kind()));
            for (Location l : f.others()) {
                out.add(new Entry(Fingerprint.of(f.rule().id(), l.path(), f.secret()), f.rule().id(), l.path(), hint,
                        l.kind()));
            }
        }
        return new Baseline(out);
    }

    /** Reads a baseline file; a missing or malformed file is an error the user can act on. */
    public static Baseline load(Path file) throws LeakgateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LeakgateException(file + ": baseline not found (create one with 'leakgate baseline create --report "
                    + file + "')");
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read baseline: " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes);
    }

    /**
     * The findings of a leakgate JSON report file as a baseline ({@code baseline create
     * --from-report}); a file that is not such a report is an error naming what was expected.
     */
    public static Baseline fromReport(Path file) throws LeakgateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LeakgateException(file + ": report not found");
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read report: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new LeakgateException(file + ": not a leakgate JSON report (not valid JSON)");
        }
        if (root == null || !root.isObject() || !"leakgate".equals(root.path("tool").asText())
                || !root.path("findings").isArray()) {
            throw new LeakgateException(file + ": not a leakgate JSON report (expected {\"tool\": \"leakgate\", "
                    + "\"findings\": […]}, as '--format json' writes)");
        }
        return fromReport(file.toString(), root.get("findings"));
    }

    /**
     * Parses a baseline from its bytes, for callers that read it from elsewhere than a file
     * (a hook reads it from a commit).
     *
     * @param name how to name the source in error messages
     */
    public static Baseline parse(String name, byte[] json) throws LeakgateException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new LeakgateException(name + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
                    + ": baseline is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LeakgateException(name + ": cannot read baseline: " + e.getMessage(), e);
        }
        if (root != null && root.isObject() && "leakgate".equals(root.path("tool").asText())
                && root.path("findings").isArray()) {
            return fromReport(name, root.get("findings"));
        }
        if (root == null || !root.isObject() || !"baseline".equals(root.path("leakgate").asText())
                || !root.path("entries").isArray()) {
            throw new LeakgateException(name + ": not a leakgate baseline (expected {\"leakgate\": \"baseline\", "
                    + "\"entries\": […]}, as 'leakgate baseline create' writes)");
        }
        int version = root.path("version").asInt(1);
        if (version > FORMAT_VERSION) {
            throw new LeakgateException(name + ": baseline format version " + version
                    + " is newer than this leakgate understands (" + FORMAT_VERSION + ")");
        }
        if (version < FORMAT_VERSION) {
            throw new LeakgateException(name + ": " + OUTDATED + "; recreate it with 'leakgate baseline create --report "
                    + name + "' (the old file stays in history: rotate any weak secret it accepted)");
        }
        List<Entry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.get("entries")) {
            String fp = e.path("fingerprint").asText("").toLowerCase(java.util.Locale.ROOT);
            if (!FINGERPRINT.matcher(fp).matches()) {
                throw new LeakgateException(name + ": entry " + i + ": 'fingerprint' must be a leakgate fingerprint "
                        + "(v2- or v2k- and 32 hex digits)");
            }
            String mismatch = Fingerprint.mismatch(fp);
            if (mismatch != null) {
                throw new LeakgateException(name + ": baseline " + mismatch);
            }
            LocationKind kind = LocationKind.ofLabel(e.path("kind").asText(LocationKind.FILE.label()));
            if (kind == null) {
                throw new LeakgateException(name + ": entry " + i + ": unknown 'kind' '" + e.path("kind").asText()
                        + "' (expected one of " + java.util.Arrays.stream(LocationKind.values())
                                .map(LocationKind::label).toList() + ")");
            }
            out.add(new Entry(fp, e.path("rule").asText(""), e.path("path").asText(""), e.path("hint").asText(""),
                    kind));
            i++;
        }
        return new Baseline(out);
    }

    /**
     * The findings of a leakgate JSON report, by the fingerprint each carries: a report serves as
     * a baseline the way gitleaks takes an earlier report. Only a finding's first place has a
     * fingerprint in a report; copies elsewhere stay new until a baseline made by a scan accepts them.
     */
    private static Baseline fromReport(String name, JsonNode findings) throws LeakgateException {
        List<Entry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode f : findings) {
            String fp = f.path("fingerprint").asText("").toLowerCase(java.util.Locale.ROOT);
            if (!FINGERPRINT.matcher(fp).matches()) {
                throw new LeakgateException(name + ": finding " + i + ": no leakgate fingerprint (v2- or v2k- and "
                        + "32 hex digits); was the report written by leakgate?");
            }
            String mismatch = Fingerprint.mismatch(fp);
            if (mismatch != null) {
                throw new LeakgateException(name + ": report " + mismatch);
            }
            LocationKind kind = LocationKind.ofLabel(f.path("kind").asText(LocationKind.FILE.label()));
            out.add(new Entry(fp, f.path("rule").asText(""), f.path("path").asText(""), "…",
                    kind == null ? LocationKind.FILE : kind));
            i++;
        }
        return new Baseline(out);
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public int size() {
        return entries.size();
    }

    public boolean contains(String fingerprint) {
        return entries.containsKey(fingerprint);
    }

    public Entry get(String fingerprint) {
        return entries.get(fingerprint);
    }

    /** This baseline without the given entries, such as the stale ones a rescan reported. */
    public Baseline without(Collection<Entry> drop) {
        Set<String> gone = new java.util.HashSet<>();
        drop.forEach(e -> gone.add(e.fingerprint()));
        return new Baseline(entries.values().stream().filter(e -> !gone.contains(e.fingerprint())).toList());
    }

    /** Writes the baseline atomically, so an interrupted run never leaves half a file. */
    public void write(Path file) throws LeakgateException {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), ".leakgate-baseline", ".tmp");
            try {
                Files.write(tmp, toJson());
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot write baseline: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            writeJson(buf);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buf.toByteArray();
    }

    private void writeJson(OutputStream out) throws IOException {
        JsonFactory factory = new JsonFactory();
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("leakgate", "baseline");
            g.writeNumberField("version", FORMAT_VERSION);
            g.writeArrayFieldStart("entries");
            for (Entry e : entries.values()) {
                g.writeStartObject();
                g.writeStringField("fingerprint", e.fingerprint());
                g.writeStringField("rule", e.rule());
                g.writeStringField("path", e.path());
                if (e.kind() != LocationKind.FILE) {
                    // absent for files, so that baselines written before kinds existed stay as they are
                    g.writeStringField("kind", e.kind().label());
                }
                g.writeStringField("hint", e.hint());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * At most the first four characters of a long secret: enough to tell an AWS key id
     * ({@code AKIA…}) from a PEM block, far too little to use or to narrow a brute force.
     */
    static String hint(String secret) {
        int n = secret.codePointCount(0, secret.length());
        if (n < 16) {
            return "…";
        }
        return secret.substring(0, secret.offsetByCodePoints(0, 4)) + "…";
    }
}
