package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;

class SystemConfigFileTest {
    @Test
    void followsGitsEnvironmentVariables() {
        assertThat(SystemConfigFile.location(null, null)).isEqualTo(new File("/etc/gitconfig"));
        assertThat(SystemConfigFile.location(null, "/opt/git/config")).isEqualTo(new File("/opt/git/config"));
        assertThat(SystemConfigFile.location("1", "/opt/git/config")).isNull();
        assertThat(SystemConfigFile.location("true", null)).isNull();
        assertThat(SystemConfigFile.location("false", null)).isEqualTo(new File("/etc/gitconfig"));
        assertThat(SystemConfigFile.location("", null)).isEqualTo(new File("/etc/gitconfig"));
    }
}
