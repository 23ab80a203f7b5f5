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

    /** Who is pushing, as the hosting platform tells the hook. */
    public static String pusher(Map<String, String> env) {
        for (String key : new String[] {"GL_USERNAME", "GITEA_PUSHER_NAME", "GITHUB_USER_LOGIN",
            "GL_ID", "REMOTE_USER", "USER", "LOGNAME"}) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "unknown";
    }
}
