package io.leakgate.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The window span comes from what the regex's parse tree can match, not from how its text looks. */
class WindowSpanTest {
    @Test
    void aRegexThatCanMatchAnyCharacterGetsTheWidestWindow() {
        assertThat(WindowSpan.of("BEGIN[\\s\\S]*END", List.of("begin"))).isEqualTo(WindowSpan.WIDE);
        assertThat(WindowSpan.of("(?s)BEGIN.*END", List.of("begin"))).isEqualTo(WindowSpan.WIDE);
        assertThat(WindowSpan.of("BEGIN.*END", List.of("begin"))).as("a dot without (?s) stays on its line").isZero();
        assertThat(WindowSpan.of("(?s)BEGIN[.]END", List.of("begin"))).as("a dot in a class is a dot").isZero();
    }

    @Test
    void lineEndsAndClassesThatHoldThemCrossLinesWhileWhitespaceReachesOneLine() {
        assertThat(WindowSpan.of("key=\"[^\"]+\"", List.of("key"))).as("a negated class holds \\n").isEqualTo(6);
        assertThat(WindowSpan.of("key[\\r\\n]+value", List.of("key"))).isEqualTo(6);
        assertThat(WindowSpan.of("key\\r?\\nvalue", List.of("key"))).isEqualTo(6);
        assertThat(WindowSpan.of("key=\"[^\"\\r\\n]+\"", List.of("key"))).isZero();
        assertThat(WindowSpan.of("key=[^\\s\"]+", List.of("key"))).isZero();
        assertThat(WindowSpan.of("key[\\s=:]+v", List.of("key"))).isEqualTo(1);
        assertThat(WindowSpan.of("key\\s*=", List.of("key"))).isEqualTo(1);
    }

    @Test
    void escapedBackslashesAreNotLineEnds() {
        // A JSON string holds "\n" as a backslash and an n, all on one line.
        assertThat(WindowSpan.of("\"key\":\"(?:\\\\n|[A-Za-z0-9])+\"", List.of("\"key\""))).isZero();
        assertThat(WindowSpan.of("key\\\\s[a-z]+", List.of("key"))).isZero();
    }

    @Test
    void keywordsInsideTheMatchKeepTheLineAndKeywordsOutsideItWidenTheWindow() {
        assertThat(WindowSpan.of("\\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24})", List.of("sk_live", "rk_test")))
                .as("the parser factors alternatives; they are spelled out again").isZero();
        assertThat(WindowSpan.of("(?:ghu|ghs)_[0-9a-zA-Z]{36}", List.of("ghu_", "ghs_")))
                .as("ghu|ghs parses as gh[su]").isZero();
        assertThat(WindowSpan.of("(?i)SET[ \\t]+PASSWORD[ \\t]*=", List.of("set password"))).isZero();
        assertThat(WindowSpan.of("pat[a-z]{8}", List.of("airtable"))).isEqualTo(2);
        assertThat(WindowSpan.of("key-[a-f0-9]{32}", List.of("key-", "apikey"))).isEqualTo(2);
        assertThat(WindowSpan.of(null, List.of("x"))).isZero();
    }

    @Test
    void aRegexThatIsNotRe2IsReportedAsSuch() {
        assertThatThrownBy(() -> WindowSpan.of("a(b", List.of())).isInstanceOf(RegexSyntaxException.class)
                .hasMessageContaining("missing closing )");
    }
}
