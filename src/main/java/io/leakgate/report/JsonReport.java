package io.leakgate.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leakgate.Version;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The JSON report. Its shape is an interface other tools rely on:
 * {@code {"tool","version","findings":[…],"skipped":[…],"summary":{…}}}. Each finding and each of
 * its other locations has a {@code kind} ({@code file}, {@code commit-message}, …); a message's
 * {@code path} is its kind's pseudo path and its {@code commit} the commit or tag object.
 */
final class JsonReport implements Report {
    private final Redactor redactor;

    JsonReport(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void write(ScanResult result, Suppressed suppressed, OutputStream out) throws IOException {
        JsonFactory factory = new JsonFactory();
        factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(Printable.JSON);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("tool", "leakgate");
            g.writeStringField("version", Version.get());
            g.writeArrayFieldStart("findings");
            for (Finding f : result.findings()) {
                g.writeStartObject();
                g.writeStringField("rule", f.rule().id());
                g.writeStringField("description", f.rule().description());
                g.writeStringField("severity", f.rule().severity().label());
                g.writeStringField("path", f.path());
                g.writeStringField("kind", f.kind().label());
                g.writeNumberField("line", f.line());
                g.writeNumberField("column", f.column());
                g.writeNumberField("endLine", f.endLine());
                g.writeNumberField("endColumn", f.endColumn());
                g.writeStringField("secret", redactor.apply(f.secret()));
                g.writeStringField("fingerprint", f.fingerprint());
                g.writeArrayFieldStart("tags");
                for (String t : f.tags()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                Provenance p = f.provenance();
                g.writeStringField("commit", p == null ? null : p.commit());
                g.writeStringField("author", p == null ? null : p.author());
                g.writeStringField("email", p == null ? null : p.email());
                g.writeStringField("date", p == null ? null : p.date());
                g.writeStringField("subject", p == null ? null : p.subject());
                g.writeObjectFieldStart("attributes");
                for (var a : new java.util.TreeMap<>(f.attributes()).entrySet()) {
                    g.writeStringField(a.getKey(), a.getValue());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("otherLocations");
                for (Location l : f.others()) {
                    g.writeStartObject();
                    g.writeStringField("path", l.path());
                    g.writeStringField("kind", l.kind().label());
                    g.writeNumberField("line", l.line());
                    g.writeStringField("commit", l.provenance() == null ? null : l.provenance().commit());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skipped");
            for (Skipped s : result.skipped()) {
                g.writeStartObject();
                g.writeStringField("path", s.path());
                g.writeStringField("reason", s.reason().name().toLowerCase(java.util.Locale.ROOT));
                g.writeNumberField("size", s.size());
                g.writeStringField("detail", s.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("findings", result.findings().size());
            g.writeNumberField("baselined", suppressed.baselined());
            g.writeNumberField("ignored", suppressed.ignored());
            g.writeNumberField("scanned", result.targets());
            g.writeNumberField("bytes", result.bytes());
            g.writeNumberField("skipped", result.skipped().size());
            g.writeNumberField("seconds", result.nanos() / 1e9);
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
