package io.leakgate.rules;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the rule pack bundled into leakgate: its packed form, or its TOML files, in the jar or a class directory. */
final class BundledPack {
    /** Where the bundled default pack lives on the class path. */
    static final String DIR = "rules";

    private BundledPack() {
    }

    /** The packed pack, or null when this build has none. */
    static RuleSet packed(boolean withExamples) throws LeakgateException {
        try (InputStream packed = BundledPack.class.getClassLoader().getResourceAsStream(PackedRules.RESOURCE)) {
            if (packed != null) {
                return PackedRules.read(packed, "bundled default pack", withExamples);
            }
        } catch (IOException e) {
            throw new LeakgateException("cannot read the bundled rule pack: " + e.getMessage(), e);
        }
        return null;
    }

    /** The pack's TOML files by name ("rules/x.toml"), sorted by name. */
    static Map<String, String> tomlFiles() throws LeakgateException {
        URL marker = BundledPack.class.getClassLoader().getResource(DIR + "/README.md");
        if (marker == null) {
            throw new LeakgateException("the bundled rule pack is missing from this build");
        }
        Map<String, String> files = new LinkedHashMap<>();
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Collections.emptyMap())) {
                    readTomlFiles(fs.getPath("/" + DIR), files);
                }
            } else {
                readTomlFiles(Path.of(uri).getParent(), files);
            }
        } catch (IOException | URISyntaxException e) {
            throw new LeakgateException("cannot read the bundled rule pack: " + e.getMessage(), e);
        }
        return files;
    }

    private static void readTomlFiles(Path dir, Map<String, String> into) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(".toml")).sorted().toList();
        }
        for (Path p : paths) {
            into.put(DIR + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
        }
    }
}
