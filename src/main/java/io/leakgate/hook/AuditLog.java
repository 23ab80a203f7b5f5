package io.leakgate.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per line for every decision a person should be able to review later:
 * bypassed findings, pushes accepted without a full scan. Never holds a secret.
 */
public final class AuditLog {
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends an entry; {@code fields} values are written as JSON strings (null allowed). */
    public void append(String event, Map<String, String> fields) throws IOException {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("event", event);
        entry.putAll(fields);
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

    /** Puts the pusher and the variable it came from ({@code pusherFrom}) into an entry. */
    public static void putPusher(Map<String, String> entry, Map<String, String> env) {
        Pusher p = pusherOf(env);
        entry.put("pusher", p.name());
        entry.put("pusherFrom", p.from());
    }
}
