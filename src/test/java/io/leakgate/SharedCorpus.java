package io.leakgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only public sample data beside the project ({@code ../shared}). Tests that read it are
 * tagged {@value #TAG} and run only in the Maven profile of that name ({@code mvn -B verify
 * -Pcorpus}), where a missing corpus fails them instead of skipping them.
 */
public final class SharedCorpus {
    /** The JUnit tag, and Maven profile, of tests that need the corpus. */
    public static final String TAG = "corpus";

    private SharedCorpus() {
    }

    /** The file, which a corpus test cannot do without: its absence fails the test, saying why. */
    public static Path require(String relative) {
        Path f = file(relative);
        if (!Files.isRegularFile(f)) {
            throw new AssertionError(f + " is missing: tests tagged '" + TAG + "' need the shared corpus "
                    + "beside the project (-Dleakgate.sharedDir=DIR names another place)");
        }
        return f;
    }

    public static Path dir() {
        String configured = System.getProperty("leakgate.sharedDir");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static boolean has(String relative) {
        return Files.isRegularFile(file(relative));
    }

    /** One labelled sample of gitleaks' rule generators. */
    public record Sample(String rule, boolean secret, String text, String path) {
    }

    public static List<Sample> gitleaksSamples() {
        ObjectMapper mapper = new ObjectMapper();
        List<Sample> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(require("corpus/gitleaks-samples.jsonl"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = mapper.readTree(line);
                out.add(new Sample(n.path("rule").asText(), "secret".equals(n.path("label").asText()),
                        n.path("text").asText(), n.hasNonNull("path") ? n.get("path").asText() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
