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

    private static List<String> hits(KeywordIndex index, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>();
        index.scan(b, 0, b.length, (k, s, e) -> words.add(new String(b, s, e - s, StandardCharsets.UTF_8)
                .toLowerCase(java.util.Locale.ROOT) + "@" + s));
        return words;
    }
}
