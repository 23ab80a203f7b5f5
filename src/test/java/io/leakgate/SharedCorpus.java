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

/** The read-only public sample data beside the project ({@code ../shared}), when it is there. */
public final class SharedCorpus {
    private SharedCorpus() {
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
        try (BufferedReader r = Files.newBufferedReader(file("corpus/gitleaks-samples.jsonl"), StandardCharsets.UTF_8)) {
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
