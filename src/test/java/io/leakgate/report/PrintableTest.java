package io.leakgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void everyControlCharacterBecomesAVisibleEscapeAndOtherTextIsUntouched() {
        assertThat(Printable.of("src/app.env")).isSameAs("src/app.env");
        assertThat(Printable.of("über/日本/ß €.env")).isEqualTo("über/日本/ß €.env");
        assertThat(Printable.of("\u0000\t\n\r\u001b\u007f\u0080\u009b\u00a0")).isEqualTo("\\x00\\x09\\x0a\\x0d\\x1b\\x7f\\x80\\x9b\u00a0");
        assertThat(Printable.of("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"))
                .isEqualTo("\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029");
        assertThat(Printable.of(null)).isNull();
    }
}
