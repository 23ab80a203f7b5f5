package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a pre-receive hook's standard input: {@code <old> <new> <ref>}. A created ref has
 * an all-zero old id; a deleted ref has an all-zero new id.
 */
public record RefUpdate(String oldId, String newId, String ref) {
    /** The all-zero id git uses for "no object". */
    public static final String ZERO = "0".repeat(40);

    public boolean isDelete() {
        return newId.equals(ZERO);
    }

    public boolean isCreate() {
        return oldId.equals(ZERO);
    }

    /** Whether {@code s} is a full SHA-1 object id in hexadecimal. */
    public static boolean isId(String s) {
        if (s.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
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
                if (parts.length != 3 || !isId(parts[0]) || !isId(parts[1])) {
                    throw new LeakgateException("standard input line " + n
                            + ": expected '<old-sha1> <new-sha1> <ref>', got '" + abbreviate(line) + "'");
                }
                out.add(new RefUpdate(parts[0].toLowerCase(java.util.Locale.ROOT), parts[1].toLowerCase(java.util.Locale.ROOT), parts[2]));
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
