package io.leakgate.detect;

import io.leakgate.regex.Regex;
import java.nio.charset.StandardCharsets;

/**
 * Stand-ins that templates and documentation put where a secret goes, for every rule in one
 * place: template expressions (Jinja, Helm and Go templates, Ansible, ERB, GitHub Actions,
 * envsubst and shell, Spring, Terraform references) and marked names ({@code <YOUR_TOKEN>},
 * {@code __DB_PASSWORD__}, {@code @@PASSWORD@@}, {@code %DB_PASSWORD%}). A token whose checksum
 * fails needs no entry here: its own rule matches it, so the others give way, and its validator drops it.
 */
final class Placeholders {
    /** A whole value that only refers to a secret kept elsewhere or marks where one goes. */
    private static final Regex STAND_IN = Regex.compile("(?s)^(?:"
            + "\\$\\{\\{.*\\}\\}"                       // GitHub Actions ${{ secrets.X }}
            + "|\\$?\\$\\{[^{}]*\\}"                     // ${VAR}, ${VAR:-default}, Spring ${a.b:x}, ${var.x}, compose $${VAR}
            + "|\\{\\{.*\\}\\}"                          // Jinja, Helm, Go templates, Ansible, Handlebars
            + "|\\{%.*%\\}"                              // Jinja statements
            + "|<%.*%>"                                  // ERB, EJS, ASP
            + "|#\\{[^{}]*\\}"                           // Spring SpEL, Ruby interpolation, Octopus
            + "|\\$\\([^()]*\\)"                         // shell command substitution, Kubernetes $(VAR)
            + "|\\[\\[.*\\]\\]"                          // Nomad/Consul templates with [[ ]] delimiters
            + "|<[A-Za-z][A-Za-z0-9 _.:/-]*>"            // <YOUR_GITHUB_TOKEN>, <password>
            + "|__[A-Za-z][A-Za-z0-9_]*__"               // __DB_PASSWORD__
            + "|@@?[A-Za-z_][A-Za-z0-9_.-]*@@?"          // @@PASSWORD@@, Maven/Ant @db.password@
            + "|%[A-Za-z_][A-Za-z0-9_]*%"                // Windows %DB_PASSWORD%
            + "|\\$\\$?[A-Za-z_][A-Za-z0-9_]*"            // envsubst, shell, PHP variables, compose $$VAR
            + "|\\{[A-Za-z_][A-Za-z0-9_.]*\\}"           // format strings {password}
            + "|(?:var|local|module|data)\\.[A-Za-z_][A-Za-z0-9_.\\[\\]\"-]*" // Terraform references
            + ")$");
    /** The default of {@code ${VAR:-default}}, {@code ${VAR:=default}} or Spring's {@code ${a.b:default}}. */
    private static final Regex DEFAULTED = Regex.compile("^\\$?\\$\\{[A-Za-z_][A-Za-z0-9_.-]*:[-=]?(.*)\\}$");
    /** Openers of template expressions and their closers; the expression may hold spaces. */
    private static final String[][] TEMPLATES = {
        {"${{", "}}"}, {"${", "}"}, {"{{", "}}"}, {"{%", "%}"}, {"<%", "%>"}, {"#{", "}"}, {"$(", ")"}, {"[[", "]]"},
    };
    /** Marks right around a name: {@code <NAME>}, {@code __NAME__}, {@code %NAME%}, {@code $NAME}. */
    private static final String[][] MARKS = {
        {"<", ">"}, {"__", "__"}, {"@@", "@@"}, {"@", "@"}, {"%", "%"}, {"$", ""}, {"{", "}"},
    };
    /** A default this long and this random was typed as a real secret, not as a stand-in. */
    private static final int REAL_DEFAULT_LENGTH = 16;
    private static final double REAL_DEFAULT_ENTROPY = 3.5;
    /** How far before a secret the start of a template expression holding it is looked for. */
    private static final int MAX_EXPRESSION = 128;

    private Placeholders() {
    }

    /**
     * Whether the secret at {@code buf[start, end)} is a stand-in, judged with the text around
     * it on its line ({@code [lineStart, lineEnd)}): a rule may have captured only part of a
     * template expression, or only the name inside its marks.
     */
    static boolean covers(byte[] buf, int lineStart, int start, int end, int lineEnd) {
        String secret = utf8(buf, start, end);
        if (standIn(secret)) {
            return true;
        }
        String line = utf8(buf, lineStart, lineEnd);
        int s = utf8(buf, lineStart, start).length();
        int e = s + secret.length();
        for (String[] t : TEMPLATES) {
            // the secret starts an expression, or sits inside one ("{{ vault_x }}", "${VAR:-default}")
            int open = secret.startsWith(t[0]) ? s : openerBefore(line, s, t[0], t[1]);
            if (open >= 0) {
                int close = line.indexOf(t[1], Math.max(open + t[0].length(), e - t[1].length()));
                if (close >= 0 && standIn(line.substring(open, close + t[1].length()))) {
                    return true;
                }
            }
        }
        for (String[] m : MARKS) {
            if (s >= m[0].length() && line.startsWith(m[0], s - m[0].length()) && line.startsWith(m[1], e)
                    && standIn(m[0] + secret + m[1])) {
                return true;
            }
        }
        return false;
    }

    /** Where the expression that {@code at} is inside of opens, or -1: an opener not closed before it. */
    private static int openerBefore(String line, int at, String opener, String closer) {
        int open = line.lastIndexOf(opener, at - 1);
        if (open < 0 || at - open > MAX_EXPRESSION) {
            return -1;
        }
        int closed = line.indexOf(closer, open + opener.length());
        return closed >= 0 && closed < at ? -1 : open;
    }

    /** A whole value that is a stand-in, or user:password whose password is one. */
    static boolean standIn(String value) {
        if (STAND_IN.matcher(value).matches()) {
            var d = DEFAULTED.matcher(value);
            if (d.matches()) {
                String fallback = d.group(1);
                return fallback.length() < REAL_DEFAULT_LENGTH || standIn(fallback)
                        || Entropy.shannon(fallback) < REAL_DEFAULT_ENTROPY;
            }
            return true;
        }
        // user:password, as curl -u and URLs hold it: the user name is no secret
        int colon = value.indexOf(':');
        return colon > 0 && colon < value.length() - 1 && value.indexOf(':', colon + 1) < 0
                && STAND_IN.matcher(value.substring(colon + 1)).matches();
    }

    private static String utf8(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}
