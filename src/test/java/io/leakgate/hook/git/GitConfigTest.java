package io.leakgate.hook.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leakgate.LeakgateException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitConfigTest {
    private static GitConfig parse(String s) {
        return GitConfig.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lastValueWinsAndEveryValueIsKept() {
        GitConfig c = parse("leakgate.warnrule\ngeneric-secret\0leakgate.warnrule\njwt\0leakgate.timebudget\n4.5s\0"
                + "leakgate.timebudget\n2s\0");
        assertThat(c.getAll("leakgate.warnRule")).containsExactly("generic-secret", "jwt");
        assertThat(c.get("LEAKGATE.TimeBudget")).isEqualTo("2s");
        assertThat(c.get("leakgate.absent")).isNull();
    }

    @Test
    void readsBooleansNumbersAndBareKeysAsGitDoes() throws Exception {
        GitConfig c = parse("a.yes\0a.no\nfalse\0a.on\non\0a.n\n2k\0a.bad\nmaybe\0a.multi\nline\nvalue\0");
        assertThat(c.getBoolean("a.yes", false)).isTrue();
        assertThat(c.getBoolean("a.no", true)).isFalse();
        assertThat(c.getBoolean("a.on", false)).isTrue();
        assertThat(c.getBoolean("a.missing", true)).isTrue();
        assertThat(c.getInt("a.n", 0)).isEqualTo(2048);
        assertThat(c.get("a.multi")).isEqualTo("line\nvalue");
        assertThatThrownBy(() -> c.getBoolean("a.bad", false)).isInstanceOf(LeakgateException.class)
                .hasMessageContaining("a.bad");
    }

    @Test
    void subsectionsKeepTheirCase() {
        GitConfig c = parse("remote.Origin.url\nhttps://example.test/r.git\0");
        assertThat(c.get("REMOTE.Origin.URL")).isEqualTo("https://example.test/r.git");
        assertThat(c.get("remote.origin.url")).isNull();
    }
}
