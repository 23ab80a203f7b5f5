package io.leakgate.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per line for every decision a person should be able to review later:
 * bypassed findings, pushes accepted without a full scan. Builds each kind of entry, so what an
 * entry holds is decided here. Never holds a secret.
 */
public final class AuditLog {
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    /**
     * One line of the log: an event and its fields (written as JSON strings, null allowed). The
     * time is added when it is appended.
     */
    public record Entry(String event, Map<String, String> fields) {
        public Entry {
            // a copy that keeps the order and allows null values
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A bypassed finding: where it is and its fingerprint, never the secret. */
    static Entry bypass(Pusher pusher, Finding f, String ref, String reason) {
        Map<String, String> entry = withPusher(pusher);
        entry.put("ref", ref);
        entry.put("commit", f.provenance() == null ? null : f.provenance().commit());
        entry.put("path", f.path());
        entry.put("kind", f.kind().label());
        entry.put("rule", f.rule().id());
        entry.put("fingerprint", f.fingerprint());
        entry.put("reason", reason);
        return new Entry("bypass", entry);
    }

    /** Content accepted without being scanned, and what accepted it. */
    static Entry acceptedUnscanned(Pusher pusher, Skipped s, String acceptedBy) {
        Map<String, String> entry = withPusher(pusher);
        entry.put("path", s.path());
        entry.put("object", s.detail());
        entry.put("size", Long.toString(s.size()));
        entry.put("reason", s.reason() == Skipped.Reason.TOO_LARGE ? "larger than leakgate.maxFileSize"
                : s.reason().text());
        entry.put("acceptedBy", acceptedBy);
        return new Entry("accepted-unscanned", entry);
    }

    /**
     * A ref update accepted unscanned because the time budget ran out.
     *
     * @param left what was left to scan, or null when the listing had not finished
     */
    static Entry acceptedOutOfTime(Pusher pusher, RefUpdate u, String left, Duration budget) {
        Map<String, String> entry = withPusher(pusher);
        entry.put("ref", u.ref());
        entry.put("unscannedRange", (u.isCreate() ? "" : u.oldId() + "..") + u.newId());
        entry.put("left", left == null ? "listing not finished" : left);
        entry.put("reason", budget == null ? "time budget exhausted"
                : "time budget of " + budget.toMillis() + " ms exhausted");
        return new Entry("accepted-unscanned", entry);
    }

    /** A push accepted unscanned because the scan could not run. */
    static Entry acceptedAfterError(Pusher pusher, String refs, String error) {
        Map<String, String> entry = withPusher(pusher);
        entry.put("refs", refs);
        entry.put("error", error);
        return new Entry("accepted-after-error", entry);
    }

    private static Map<String, String> withPusher(Pusher p) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("pusher", p.name());
        entry.put("pusherFrom", p.from());
        return entry;
    }

    /** Appends an entry, stamped with the time. */
    public void append(Entry record) throws IOException {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("event", record.event());
        entry.putAll(record.fields());
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : entry.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        byte[] line = (w + "\n").getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Pushes to one repository can run concurrently: lock so lines never interleave.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
            ch.write(java.nio.ByteBuffer.wrap(line));
        }
    }

    /**
     * The person pushing, from the variables hosting software sets for its hooks, most trusted
     * first: gitolite's {@code GL_USER}, GitLab's {@code GL_USERNAME} (then its {@code GL_ID}),
     * Gitea/Forgejo's {@code GITEA_PUSHER_NAME}, GitHub Enterprise's {@code GITHUB_USER_LOGIN},
     * Bitbucket Server's {@code BB_USER_NAME}, the web server's {@code REMOTE_USER}; only then the
     * account the hook runs as ({@code USER}, {@code LOGNAME}), which on a shared server is the
     * hosting account, not a person.
     *
     * @param from the variable the name came from
     */
    public record Pusher(String name, String from) {
    }

    private static final String[] PUSHER_VARIABLES = {"GL_USER", "GL_USERNAME", "GL_ID", "GITEA_PUSHER_NAME",
        "GITHUB_USER_LOGIN", "BB_USER_NAME", "REMOTE_USER", "USER", "LOGNAME"};

    /** Who is pushing, as the hosting platform tells the hook. */
    public static Pusher pusherOf(Map<String, String> env) {
        for (String key : PUSHER_VARIABLES) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return new Pusher(v, key);
            }
        }
        return new Pusher("unknown", null);
    }
}
