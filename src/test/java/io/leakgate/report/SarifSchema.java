package io.leakgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The official SARIF 2.1.0 schema, a test resource beside this class (see its README there). */
public final class SarifSchema {
    private static final String RESOURCE = "sarif-schema-2.1.0.json";
    private static Schema schema;

    private SarifSchema() {
    }

    /** Parses the SARIF text and asserts that it validates against the official schema. */
    public static JsonNode assertValid(String sarif) {
        try {
            JsonNode node = new ObjectMapper().readTree(sarif);
            List<Error> errors = schema().validate(node);
            assertThat(errors).as("SARIF schema violations in:%n%s", sarif).isEmpty();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Schema schema() throws IOException {
        if (schema == null) {
            try (InputStream in = SarifSchema.class.getResourceAsStream(RESOURCE)) {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
            }
        }
        return schema;
    }
}
