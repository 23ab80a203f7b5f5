package io.leakgate.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leakgate.Version;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.RuleRef;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Severity;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it: one {@code rule} per rule
 * that found something, one {@code result} per finding with its region, the commit in the result's
 * property bag, and our content fingerprint as {@code partialFingerprints} so a viewer keeps
 * tracking an alert when lines move. The secret appears only redacted, in the message. A finding
 * in a commit or tag message has its kind's pseudo path as artifact, and a logical location
 * naming the commit or tag.
 */
final class SarifReport implements Report {

    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    /** The key of our fingerprint in {@code partialFingerprints}; bump the suffix if its recipe changes. */
    static final String FINGERPRINT_KEY = "leakgate/v2";

    private final Redactor redactor;

    SarifReport(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void write(ScanResult result, Suppressed suppressed, OutputStream out) throws IOException {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<RuleRef> rules = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (!ruleIndex.containsKey(f.rule().id())) {
                ruleIndex.put(f.rule().id(), rules.size());
                rules.add(f.rule());
            }
        }
        JsonFactory factory = new JsonFactory();
        factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(Printable.JSON);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            writeTool(g, rules);
            g.writeArrayFieldStart("results");
            for (Finding f : result.findings()) {
                writeResult(g, f, ruleIndex.get(f.rule().id()));
            }
            g.writeEndArray();
            writeNotScanned(g, result);
            // Columns count characters (code points), not UTF-16 units or bytes.
            g.writeStringField("columnKind", "unicodeCodePoints");
            g.writeObjectFieldStart("properties");
            g.writeNumberField("scanned", result.targets());
            g.writeNumberField("bytes", result.bytes());
            g.writeNumberField("skipped", result.skipped().size());
            g.writeNumberField("baselined", suppressed.baselined());
            g.writeNumberField("ignored", suppressed.ignored());
            g.writeNumberField("seconds", result.nanos() / 1e9);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void writeTool(JsonGenerator g, List<RuleRef> rules) throws IOException {
        g.writeObjectFieldStart("tool");
        g.writeObjectFieldStart("driver");
        g.writeStringField("name", "leakgate");
        g.writeStringField("version", Version.get());
        String home = Version.homepage();
        if (home != null) {
            g.writeStringField("informationUri", home);
        }
        g.writeArrayFieldStart("rules");
        for (RuleRef r : rules) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeObjectFieldStart("shortDescription");
            g.writeStringField("text", shortText(r));
            g.writeEndObject();
            g.writeObjectFieldStart("fullDescription");
            g.writeStringField("text", r.description().isBlank() ? r.id() : r.description());
            g.writeEndObject();
            g.writeObjectFieldStart("help");
            g.writeStringField("text", helpText(r, false));
            g.writeStringField("markdown", helpText(r, true));
            g.writeEndObject();
            g.writeObjectFieldStart("defaultConfiguration");
            g.writeStringField("level", level(r.severity()));
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeArrayFieldStart("tags");
            g.writeString("security");
            g.writeString("secret");
            for (String t : r.tags()) {
                if (!t.equals("security") && !t.equals("secret")) {
                    g.writeString(t);
                }
            }
            g.writeEndArray();
            g.writeStringField("severity", r.severity().label());
            // GitHub code scanning ranks security alerts by this score (9.0+ is critical).
            g.writeStringField("security-severity", securitySeverity(r.severity()));
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void writeResult(JsonGenerator g, Finding f, int index) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.rule().id());
        g.writeNumberField("ruleIndex", index);
        g.writeStringField("level", level(f.rule().severity()));
        g.writeObjectFieldStart("message");
        g.writeStringField("text", shortText(f.rule()) + ": " + redactor.apply(f.secret())
                + (f.tags().contains("canary") ? " (canary token: using it alerts whoever planted it)" : ""));
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        int member = f.path().indexOf(Location.MEMBER_SEPARATOR);
        if (member < 0) {
            writeArtifact(g, f.path());
            g.writeObjectFieldStart("region");
            g.writeNumberField("startLine", f.line());
            g.writeNumberField("startColumn", f.column());
            g.writeNumberField("endLine", f.endLine());
            // SARIF's end column is the one after the region; ours is the secret's last character.
            g.writeNumberField("endColumn", f.endColumn() + 1);
            g.writeEndObject();
            g.writeEndObject();
            writeLogical(g, f.kind(), f.provenance(), f.attributes().get(LocationKind.TAG_ATTRIBUTE));
        } else {
            // The file in the repository is the archive; its lines are not the member's, so the
            // region is left out and the member, with its own line, is a logical location.
            writeArtifact(g, f.path().substring(0, member));
            g.writeEndObject();
            g.writeArrayFieldStart("logicalLocations");
            g.writeStartObject();
            g.writeStringField("name", f.path().substring(member + Location.MEMBER_SEPARATOR.length()));
            g.writeStringField("fullyQualifiedName", f.path() + ":" + f.line() + ":" + f.column());
            g.writeStringField("kind", "archive-member");
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndArray();
        if (!f.others().isEmpty()) {
            g.writeArrayFieldStart("relatedLocations");
            int id = 0;
            for (Location l : f.others()) {
                g.writeStartObject();
                g.writeNumberField("id", id++);
                g.writeObjectFieldStart("physicalLocation");
                int at = l.path().indexOf(Location.MEMBER_SEPARATOR);
                writeArtifact(g, at < 0 ? l.path() : l.path().substring(0, at));
                if (at < 0) {
                    g.writeObjectFieldStart("region");
                    g.writeNumberField("startLine", Math.max(1, l.line()));
                    g.writeEndObject();
                }
                g.writeEndObject();
                writeLogical(g, l.kind(), l.provenance(), null);
                g.writeObjectFieldStart("message");
                g.writeStringField("text", "The same secret" + (l.kind().isMessage()
                        ? ", in the message of " + messageOf(l.kind(), l.provenance(), null)
                        : l.provenance() != null ? ", introduced in commit " + l.provenance().commit() : ""));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField(FINGERPRINT_KEY, f.fingerprint());
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("severity", f.rule().severity().label());
        g.writeStringField("fingerprint", f.fingerprint());
        g.writeStringField("kind", f.kind().label());
        Provenance p = f.provenance();
        if (p != null) {
            g.writeStringField("commit", p.commit());
            if (p.author() != null) {
                g.writeStringField("author", p.author());
            }
            if (p.date() != null) {
                g.writeStringField("date", p.date());
            }
        }
        if (!f.attributes().isEmpty()) {
            g.writeObjectFieldStart("attributes");
            for (var a : f.attributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Content that was not scanned, as warnings of the run's invocation (code scanning shows them). */
    private static void writeNotScanned(JsonGenerator g, ScanResult result) throws IOException {
        List<Skipped> listed = NotScanned.listed(result);
        if (listed.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("invocations");
        g.writeStartObject();
        g.writeBooleanField("executionSuccessful", true);
        g.writeArrayFieldStart("toolExecutionNotifications");
        for (Skipped s : listed) {
            g.writeStartObject();
            g.writeStringField("level", "warning");
            g.writeObjectFieldStart("message");
            g.writeStringField("text", s.path() + ": " + NotScanned.why(s));
            g.writeEndObject();
            g.writeArrayFieldStart("locations");
            g.writeStartObject();
            g.writeObjectFieldStart("physicalLocation");
            writeArtifact(g, s.path());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    /**
     * A message is no file: its physical location is its kind's pseudo path (stable, so a viewer
     * keeps tracking the alert through a rebase), and this logical location names the commit or
     * tag, with the kind as the logical location's kind.
     */
    private static void writeLogical(JsonGenerator g, LocationKind kind, Provenance p, String tagName)
            throws IOException {
        if (!kind.isMessage()) {
            return;
        }
        g.writeArrayFieldStart("logicalLocations");
        g.writeStartObject();
        String id = p == null ? null : p.commit();
        String name = tagName != null ? tagName : id;
        if (name != null) {
            g.writeStringField("name", name);
        }
        g.writeStringField("fullyQualifiedName", messageOf(kind, p, tagName) + " message");
        g.writeStringField("kind", kind.label());
        g.writeEndObject();
        g.writeEndArray();
    }

    /** {@code commit <id>}, {@code tag v1.0}: whose message it is, with the full id, unlike the text report. */
    private static String messageOf(LocationKind kind, Provenance p, String tagName) {
        String id = p == null || p.commit() == null ? "?" : p.commit();
        return kind == LocationKind.TAG_MESSAGE ? "tag " + (tagName != null ? tagName : id) : "commit " + id;
    }

    private static void writeArtifact(JsonGenerator g, String path) throws IOException {
        g.writeObjectFieldStart("artifactLocation");
        String uri = uri(path);
        g.writeStringField("uri", uri);
        if (!uri.startsWith("file:")) {
            // Relative to the checkout, which is how code scanning resolves it.
            g.writeStringField("uriBaseId", "%SRCROOT%");
        }
        g.writeEndObject();
    }

    /**
     * A path as a URI reference: relative paths stay relative, absolute ones become file URIs.
     * Everything but unreserved characters and '/' is percent-encoded, ':' included, so a
     * relative path such as {@code a:b} cannot read as a URI scheme.
     */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        StringBuilder sb = new StringBuilder();
        if (p.startsWith("/")) {
            sb.append("file://");
        } else if (p.length() > 1 && p.charAt(1) == ':' && Character.isLetter(p.charAt(0))) {
            sb.append("file:///");
        }
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** The description's first sentence, for titles and messages. */
    static String shortText(RuleRef r) {
        String d = r.description().strip();
        if (d.isEmpty()) {
            return r.id();
        }
        int end = d.indexOf(". ");
        String first = end > 0 ? d.substring(0, end) : d;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static String helpText(RuleRef r, boolean markdown) {
        String id = markdown ? "`" + r.id() + "`" : "'" + r.id() + "'";
        String accept = markdown ? "`leakgate baseline create`" : "'leakgate baseline create'";
        String ignore = markdown ? "`.leakgateignore`" : ".leakgateignore";
        return (r.description().isBlank() ? "" : r.description() + (markdown ? "\n\n" : "\n"))
                + "leakgate rule " + id + " found text that looks like a live secret. Treat it as leaked: "
                + "revoke or rotate it first, then remove it from the code (and from history if it was pushed). "
                + "If it is not a secret, or the risk is accepted, record it with " + accept
                + " or add its fingerprint to " + ignore + ".";
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    private static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }
}
