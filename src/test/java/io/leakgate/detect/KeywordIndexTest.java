package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
    @Test
    void findsEveryOccurrenceOfOverlappingKeywordsCaseInsensitively() {
        KeywordIndex index = new KeywordIndex(List.of("key", "apikey", "akia", "secret", "he", "she", "hers"));
        List<String> hits = hits(index, "ApiKey=AKIA1; ushers SECRET");
        assertThat(hits).containsExactly("apikey@0", "key@3", "akia@7", "she@15", "he@16", "hers@16", "secret@21");
    }

    @Test
    void bytesOutsideEveryKeywordResetTheAutomaton() {
        KeywordIndex index = new KeywordIndex(List.of("token"));
        assertThat(hits(index, "tok\u00e9en tok\nen token")).containsExactly("token@15");
    }

    @Test
    void nonAsciiKeywordsMatchTheirUtf8Bytes() {
        KeywordIndex index = new KeywordIndex(List.of("mot_de_passe", "contraseña"));
        assertThat(hits(index, "la contraseña es")).containsExactly("contraseña@3");
    }

    @Test
    void writtenAutomatonReadsBackOnlyForTheSameKeywords() throws Exception {
        List<String> words = List.of("key", "apikey", "akia", "secret", "he", "she", "hers");
        KeywordIndex built = new KeywordIndex(words);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        built.write(words, out);
        KeywordIndex back = KeywordIndex.read(new java.io.ByteArrayInputStream(out.toByteArray()), words);
        String text = "ApiKey=AKIA1; ushers SECRET";
        assertThat(back).isNotNull();
        assertThat(hits(back, text)).isEqualTo(hits(built, text));
        assertThat(KeywordIndex.read(new java.io.ByteArrayInputStream(out.toByteArray()),
                List.of("key", "apikey", "akia", "secret", "he", "she", "her"))).isNull();
    }

    @Test
    void bundledPackUsesTheAutomatonTheBuildWrote() throws Exception {
        RuleIndex index = new RuleIndex(io.leakgate.rules.ConfigLoader.forScanning().loadDefault());
        KeywordIndex bundled = KeywordIndex.bundled(index.keywordList);
        assertThat(bundled).as("rules/keywords.bin made by the build for the current pack").isNotNull();
        KeywordIndex fresh = new KeywordIndex(index.keywordList);
        StringBuilder text = new StringBuilder();
        for (String k : index.keywordList) {
            text.append("x ").append(k.toUpperCase(java.util.Locale.ROOT)).append(k).append('\n');
        }
        assertThat(hits(bundled, text.toString())).isEqualTo(hits(fresh, text.toString())).isNotEmpty();
    }

    private static List<String> hits(KeywordIndex index, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>();
        index.scan(b, 0, b.length, (k, s, e) -> words.add(new String(b, s, e - s, StandardCharsets.UTF_8)
                .toLowerCase(java.util.Locale.ROOT) + "@" + s));
        return words;
    }
}
