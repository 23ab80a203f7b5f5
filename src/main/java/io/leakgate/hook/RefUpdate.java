package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.InputStream;
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
        for (String[] l : HookLines.read(in, "<old-sha1> <new-sha1> <ref>", 3, 0, 1)) {
            out.add(new RefUpdate(l[0], l[1], l[2]));
        }
        return out;
    }
}
