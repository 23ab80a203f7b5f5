package io.leakgate.source.archive;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Archive entry names as leakgate shows them. Names come from untrusted archives: they are
 * resolved lexically (never against a file system), {@code ..} cannot climb above the root,
 * and control characters, which could rewrite a terminal, are replaced.
 */
public final class EntryName {
    private EntryName() {
    }

    /** {@code ./a/../b//c}, {@code /b/c} and {@code ../../b/c} all become {@code b/c}. */
    public static String clean(String raw) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : raw.replace('\\', '/').split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(printable(p));
            }
        }
        return String.join("/", parts);
    }

    /** The directory of a cleaned name, "" at the root. */
    public static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** The last part of a cleaned name. */
    public static String base(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
