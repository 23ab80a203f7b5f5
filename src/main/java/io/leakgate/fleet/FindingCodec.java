package io.leakgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leakgate.finding.Finding;
import io.leakgate.finding.Location;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.RuleRef;
import io.leakgate.finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Findings as the datastore keeps them: JSON with the rule's id, description and severity (not
 * its patterns), the place, the secret in the form it was stored, provenance and other places.
 */
final class FindingCodec {
    private final ObjectMapper json = new ObjectMapper();
    /** The rule of an id, for findings read back; a rule absent from it is rebuilt from what was stored. */
    private final Function<String, RuleRef> rules;

    FindingCodec(Function<String, RuleRef> rules) {
        this.rules = rules;
    }

    /** A blob's findings, as the detector made them: no fingerprint (it follows the path they are reported at). */
    String encode(List<Finding> findings) {
        ArrayNode a = json.createArrayNode();
        findings.forEach(f -> a.add(node(f, false)));
        return a.toString();
    }

    /** A repository's finding, with the fingerprint it was given. */
    String encode(Finding f) {
        return node(f, true).toString();
    }

    private ObjectNode node(Finding f, boolean withFingerprint) {
        ObjectNode n = json.createObjectNode();
        n.put("rule", f.rule().id());
        n.put("description", f.rule().description());
        n.put("severity", f.rule().severity() == null ? null : f.rule().severity().label());
        n.put("path", f.path());
        n.put("kind", f.kind().label());
        n.put("line", f.line());
        n.put("column", f.column());
        n.put("endLine", f.endLine());
        n.put("endColumn", f.endColumn());
        n.put("secret", f.secret());
        if (withFingerprint) {
            n.put("fingerprint", f.fingerprint());
        }
        ArrayNode tags = n.putArray("tags");
        f.tags().forEach(tags::add);
        provenance(n, f.provenance());
        ObjectNode attrs = n.putObject("attributes");
        f.attributes().forEach(attrs::put);
        ArrayNode others = n.putArray("others");
        for (Location l : f.others()) {
            ObjectNode o = others.addObject();
            o.put("path", l.path());
            o.put("line", l.line());
            o.put("kind", l.kind().label());
            provenance(o, l.provenance());
        }
        return n;
    }

    private static void provenance(ObjectNode n, Provenance p) {
        if (p != null) {
            ObjectNode o = n.putObject("provenance");
            o.put("commit", p.commit());
            o.put("author", p.author());
            o.put("email", p.email());
            o.put("date", p.date());
            o.put("subject", p.subject());
        }
    }

    List<Finding> decodeAll(String text) {
        try {
            List<Finding> out = new ArrayList<>();
            for (JsonNode n : json.readTree(text)) {
                out.add(decode(n));
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored finding is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    Finding decode(String text) {
        try {
            return decode(json.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored finding is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Finding decode(JsonNode n) {
        String id = n.get("rule").asText();
        RuleRef rule = rules.apply(id);
        if (rule == null) {
            List<String> tags = new ArrayList<>();
            n.get("tags").forEach(t -> tags.add(t.asText()));
            Severity severity = Severity.parse(text(n, "severity"));
            rule = new RuleRef(id, text(n, "description"), severity == null ? Severity.MEDIUM : severity, tags);
        }
        List<String> tags = new ArrayList<>();
        n.get("tags").forEach(t -> tags.add(t.asText()));
        Map<String, String> attrs = new LinkedHashMap<>();
        n.get("attributes").fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
        List<Location> others = new ArrayList<>();
        for (JsonNode o : n.get("others")) {
            others.add(new Location(o.get("path").asText(), o.get("line").asInt(), provenance(o),
                    LocationKind.ofLabel(o.get("kind").asText())));
        }
        return new Finding(rule, n.get("path").asText(), n.get("line").asInt(), n.get("column").asInt(),
                n.get("endLine").asInt(), n.get("endColumn").asInt(), n.get("secret").asText(),
                text(n, "fingerprint"), tags, provenance(n), attrs, others, LocationKind.ofLabel(n.get("kind").asText()));
    }

    private static Provenance provenance(JsonNode n) {
        JsonNode p = n.get("provenance");
        return p == null || p.isNull() ? null
                : new Provenance(text(p, "commit"), text(p, "author"), text(p, "email"), text(p, "date"), text(p, "subject"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
