package io.leakgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gitleaks JSON report used as a baseline (gitleaks' {@code --baseline-path}): each finding
 * names its commit, file, rule and start line, never a hash of the secret, so it is accepted the
 * way a {@code .gitleaksignore} line is, by place.
 */
public final class GitleaksReport {
    private GitleaksReport() {
    }

    /** Whether these bytes look like a gitleaks report: a JSON array rather than leakgate's object. */
    public static boolean looksLike(byte[] json) {
        for (byte b : json) {
            if (b == '[') {
                return true;
            }
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    /** The report's findings as ignore lines, named after the report in messages. */
    public static IgnoreFile parse(String name, byte[] json) throws LeakgateException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new LeakgateException(name + ": gitleaks report is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LeakgateException(name + ": cannot read gitleaks report: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new LeakgateException(name + ": expected a gitleaks JSON report (an array of findings)");
        }
        StringBuilder lines = new StringBuilder();
        int i = 0;
        for (JsonNode f : root) {
            String file = f.path("File").asText("");
            String rule = f.path("RuleID").asText("");
            int line = f.path("StartLine").asInt(0);
            if (file.isEmpty() || rule.isEmpty() || line <= 0 || file.indexOf('\n') >= 0 || file.indexOf('\r') >= 0) {
                throw new LeakgateException(name + ": finding " + i + ": expected File, RuleID and StartLine, "
                        + "as gitleaks writes them");
            }
            String commit = f.path("Commit").asText("");
            lines.append(commit.isEmpty() ? "" : commit + ":").append(file).append(':').append(rule).append(':')
                    .append(line).append('\n');
            i++;
        }
        return IgnoreFile.parse(name, lines.toString());
    }

    /** Reads a gitleaks report file. */
    public static IgnoreFile load(Path file) throws LeakgateException {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LeakgateException(file + ": cannot read baseline: " + e.getMessage(), e);
        }
    }
}
