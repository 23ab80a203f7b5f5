package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines git writes to a hook's standard input: space-separated fields, some of them object
 * ids. Blank lines are skipped; a malformed line is an error that names it and shows what was
 * expected.
 */
final class HookLines {
    private HookLines() {
    }

    /**
     * @param expected the line's form, for the error message
     * @param fields   how many fields a line has (the last one takes the rest of the line)
     * @param ids      which fields are object ids (returned in lower case)
     */
    static List<String[]> read(InputStream in, String expected, int fields, int... ids) throws LeakgateException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ", fields);
                boolean ok = parts.length == fields;
                for (int i = 0; ok && i < ids.length; i++) {
                    ok = RefUpdate.isId(parts[ids[i]]);
                }
                if (!ok) {
                    throw new LeakgateException("standard input line " + n + ": expected '" + expected
                            + "', got '" + abbreviate(line) + "'");
                }
                for (int id : ids) {
                    parts[id] = parts[id].toLowerCase(Locale.ROOT);
                }
                out.add(parts);
            }
        } catch (IOException e) {
            throw new LeakgateException("cannot read standard input: " + e.getMessage(), e);
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
