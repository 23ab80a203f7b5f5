package io.leakgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON schemas of the Kubernetes API objects that fabric8's model jars ship, made strict as
 * {@code kubectl apply --validate=strict} is: a field the API does not know is an error.
 */
final class KubernetesSchema {
    private static final String RESOURCE = "schema/kube-schema.json";
    /** Keywords of fabric8's Java code generator, not of JSON Schema. */
    private static final Set<String> GENERATOR_KEYWORDS = Set.of("javaType", "existingJavaType", "javaInterfaces",
            "javaOmitEmpty", "javaExtends");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode definitions;
    /** Definition name by "apiVersion/kind", e.g. "batch/v1/Job". */
    private final Map<String, String> byKind = new HashMap<>();
    private final Map<String, Schema> schemas = new HashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private KubernetesSchema(ObjectNode definitions) {
        this.definitions = definitions;
        definitions.properties().forEach(d -> {
            JsonNode p = d.getValue().path("properties");
            String apiVersion = p.path("apiVersion").path("default").asText("");
            String kind = p.path("kind").path("default").asText("");
            if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                byKind.putIfAbsent(apiVersion + "/" + kind, d.getKey());
            }
        });
    }

    /** Every schema/kube-schema.json on the class path (one per model jar), merged and made strict. */
    static KubernetesSchema load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode definitions = NODES.objectNode();
        for (URL url : Collections.list(KubernetesSchema.class.getClassLoader().getResources(RESOURCE))) {
            try (InputStream in = url.openStream()) {
                json.readTree(in).path("definitions").properties().forEach(d -> definitions.set(d.getKey(), d.getValue()));
            }
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " is not on the test class path (the fabric8 model jars)");
        }
        List<String> names = new ArrayList<>();
        definitions.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            definitions.set(name, strict(name, (ObjectNode) definitions.get(name)));
        }
        return new KubernetesSchema(definitions);
    }

    /** Whether the schemas know this apiVersion and kind. */
    boolean knows(String apiVersion, String kind) {
        return byKind.containsKey(apiVersion + "/" + kind);
    }

    /** What is wrong with one Kubernetes object, one message per violation; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String definition = byKind.get(apiVersion + "/" + kind);
        if (definition == null) {
            return List.of("unknown apiVersion/kind: " + apiVersion + "/" + kind);
        }
        Schema schema = schemas.computeIfAbsent(definition, d -> {
            ObjectNode root = NODES.objectNode();
            root.put("$ref", "#/definitions/" + d);
            root.set("definitions", definitions);
            return registry.getSchema(root);
        });
        List<String> problems = new ArrayList<>();
        for (Error e : schema.validate(object)) {
            problems.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return problems;
    }

    /**
     * One definition as the API server checks it: unknown fields rejected, and quantities,
     * int-or-string values and times as they are written in YAML (fabric8 describes its Java
     * classes for them). fabric8 marks apiVersion and kind required everywhere, embedded objects
     * too (a StatefulSet's volumeClaimTemplates), where the API does not: {@link #problems}
     * requires them of the top-level object only.
     */
    private static ObjectNode strict(String name, ObjectNode definition) {
        if (name.endsWith("_Quantity")) {
            return scalar("string", "number");
        }
        if (name.endsWith("_IntOrString")) {
            return scalar("string", "integer");
        }
        if (name.endsWith("_Time") || name.endsWith("_MicroTime")) {
            return scalar("string");
        }
        stripGeneratorKeywords(definition);
        if (definition.get("properties") instanceof ObjectNode properties) {
            properties.forEach(p -> {
                if (p instanceof ObjectNode property && property.path("required").isBoolean()) {
                    property.remove("required");
                }
            });
            definition.put("additionalProperties", false);
        }
        return definition;
    }

    private static ObjectNode scalar(String... types) {
        ObjectNode node = NODES.objectNode();
        ArrayNode type = node.putArray("type");
        for (String t : types) {
            type.add(t);
        }
        return node;
    }

    private static void stripGeneratorKeywords(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                if (GENERATOR_KEYWORDS.contains(it.next())) {
                    it.remove();
                }
            }
            object.forEach(KubernetesSchema::stripGeneratorKeywords);
        } else if (node instanceof ArrayNode array) {
            array.forEach(KubernetesSchema::stripGeneratorKeywords);
        }
    }
}
