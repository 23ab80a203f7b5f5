package io.leakgate.detect;

import io.leakgate.rules.ConfigLoader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: compiles the bundled pack's keyword automaton into {@code rules/keywords.bin}, so a
 * hook, which starts a JVM per push, reads it instead of building it. {@link RuleIndex} uses it
 * only when its keywords are exactly the pack's.
 */
public final class PackedKeywords {
    private PackedKeywords() {
    }

    public static void main(String[] args) throws Exception {
        RuleIndex index = new RuleIndex(ConfigLoader.forScanning().loadDefault());
        KeywordIndexBuilder.Built fresh = KeywordIndexBuilder.build(index.keywordList);
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]).resolve(KeywordIndexFile.BUNDLED))) {
            KeywordIndexFile.write(fresh, index.keywordList, out);
        }
    }
}
