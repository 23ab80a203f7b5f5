package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One line of a pre-receive hook's standard input: {@code <old> <new> <ref>}. A created ref has
 * an all-zero old id; a deleted ref has an all-zero new id.
 */
public record RefUpdate(ObjectId oldId, ObjectId newId, String ref) {
    public boolean isDelete() {
        return newId.equals(ObjectId.zeroId());
    }

    public boolean isCreate() {
        return oldId.equals(ObjectId.zeroId());
    }

    /** Reads every update line; a malformed line is an error naming it. */
    public static List<RefUpdate> parse(InputStream in) throws LeakgateException {
        List<RefUpdate> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ", 3);
                if (parts.length != 3 || !ObjectId.isId(parts[0]) || !ObjectId.isId(parts[1])) {
                    throw new LeakgateException("standard input line " + n
                            + ": expected '<old-sha1> <new-sha1> <ref>', got '" + abbreviate(line) + "'");
                }
                out.add(new RefUpdate(ObjectId.fromString(parts[0]), ObjectId.fromString(parts[1]), parts[2]));
            }
        } catch (IOException e) {
            throw new LeakgateException("cannot read the ref updates on standard input: " + e.getMessage(), e);
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
