package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
    @Test
    void findsEveryOccurrenceOfOverlappingKeywordsCaseInsensitively() {
        KeywordIndex index = KeywordIndex.of(List.of("key", "apikey", "akia", "secret", "he", "she", "hers"));
        List<String> hits = hits(index, "ApiKey=AKIA1; ushers SECRET");
        assertThat(hits).containsExactly("apikey@0", "key@3", "akia@7", "she@15", "he@16", "hers@16", "secret@21");
    }

    @Test
    void bytesOutsideEveryKeywordResetTheAutomaton() {
        KeywordIndex index = KeywordIndex.of(List.of("token"));
        assertThat(hits(index, "tok\u00e9en tok\nen token")).containsExactly("token@15");
    }

    @Test
    void nonAsciiKeywordsMatchTheirUtf8Bytes() {
        KeywordIndex index = KeywordIndex.of(List.of("mot_de_passe", "contraseña"));
        assertThat(hits(index, "la contraseña es")).containsExactly("contraseña@3");
    }

    @Test
    void aLongBufferScannedInFourPartsGivesEveryHitOnceInTheOrderOfTheirEnds() {
        List<String> words = List.of("key", "apikey", "secret_access_key", "he", "she", "hers", "token");
        KeywordIndex index = KeywordIndex.of(words);
        java.util.Random random = new java.util.Random(11);
        StringBuilder text = new StringBuilder();
        while (text.length() < 30_000) {
            // Mostly keywords back to back, so wherever the parts meet, a keyword crosses there.
            text.append(random.nextInt(6) == 0 ? "xy\n" : words.get(random.nextInt(words.size())));
        }
        String plain = text.toString();
        byte[] b = plain.getBytes(StandardCharsets.UTF_8);
        // Many split points, and buffers just above and below the length that is split.
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0; from < 40; from += 3) {
            ranges.add(new int[] {from, b.length - from / 2});
        }
        for (int n = 4096 + 4 * 16 - 5; n < 4096 + 4 * 16 + 40; n += 7) {
            ranges.add(new int[] {100, 100 + n});
        }
        for (int[] range : ranges) {
            int from = range[0];
            int to = range[1];
            List<int[]> got = new ArrayList<>();
            index.scan(b, from, to, (k, s, e) -> got.add(new int[] {k, s, e}));
            List<String> expected = new ArrayList<>();
            for (int end = from + 1; end <= to; end++) {
                for (int k = 0; k < words.size(); k++) {
                    int start = end - words.get(k).length();
                    if (start >= from && plain.startsWith(words.get(k), start)) {
                        expected.add(k + "@" + start);
                    }
                }
            }
            assertThat(got).extracting(h -> h[0] + "@" + h[1]).containsExactlyInAnyOrderElementsOf(expected);
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i)[2]).isGreaterThanOrEqualTo(got.get(i - 1)[2]);
            }
        }
    }

    @Test
    void writtenAutomatonReadsBackOnlyForTheSameKeywords() throws Exception {
        List<String> words = List.of("key", "apikey", "akia", "secret", "he", "she", "hers");
        KeywordIndexBuilder.Built made = KeywordIndexBuilder.build(words);
        KeywordIndex built = made.index();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        KeywordIndexFile.write(made, words, out);
        KeywordIndex back = KeywordIndexFile.read(new java.io.ByteArrayInputStream(out.toByteArray()), words);
        String text = "ApiKey=AKIA1; ushers SECRET";
        assertThat(back).isNotNull();
        assertThat(hits(back, text)).isEqualTo(hits(built, text));
        assertThat(KeywordIndexFile.read(new java.io.ByteArrayInputStream(out.toByteArray()),
                List.of("key", "apikey", "akia", "secret", "he", "she", "her"))).isNull();
    }

    @Test
    void bundledPackUsesTheAutomatonTheBuildWrote() throws Exception {
        RuleIndex index = new RuleIndex(io.leakgate.rules.ConfigLoader.forScanning().loadDefault());
        KeywordIndex bundled = KeywordIndexFile.bundled(index.keywordList);
        assertThat(bundled).as("rules/keywords.bin made by the build for the current pack").isNotNull();
        KeywordIndex fresh = KeywordIndex.of(index.keywordList);
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
