package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default pack reports the token itself, not the fixed word next to it, and keeps npm's rule to npm. */
class TokenInUserPartRulesTest {
    private static final String TOKEN = "Vx9rT2kLmQ8sW4zN7bJ1cY5hF3dG6aP0eK2u";
    private final Detector detector;

    TokenInUserPartRulesTest() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
    }

    private List<String> scan(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(b, b.length, path).stream().map(f -> f.rule().id() + " " + f.secret()).toList();
    }

    @Test
    void aTokenBeforeXOauthBasicIsTheSecretOfTheUrl() {
        assertThat(scan("Dockerfile", "RUN git clone https://" + TOKEN + ":x-oauth-basic@github.com/acme/private.git"))
                .containsExactly("url-credentials-in-build-command " + TOKEN);
    }

    @Test
    void aTokenAfterXAccessTokenIsTheSecretOfTheUrl() {
        assertThat(scan("Dockerfile", "RUN git clone https://x-access-token:" + TOKEN + "@github.com/acme/app.git"))
                .containsExactly("url-credentials-in-build-command " + TOKEN);
    }

    @Test
    void anNgrokAuthtokenInADotEnvIsNotAnNpmToken() {
        assertThat(scan(".env", "NGROK_AUTHTOKEN=" + TOKEN)).noneMatch(f -> f.startsWith("npmrc-auth-token"));
        assertThat(scan(".env", "NGROK_AUTHTOKEN=2bVq8LmZx4Rw7tKp9sNc6YbF3dH_5gJz1uEaQ2oVi8XwP3kRy"))
                .containsExactly("ngrok-authtoken 2bVq8LmZx4Rw7tKp9sNc6YbF3dH_5gJz1uEaQ2oVi8XwP3kRy");
    }

    @Test
    void anNpmrcAuthTokenIsStillFound() {
        assertThat(scan(".npmrc", "//npm.pkg.github.com/:_authToken=" + TOKEN))
                .containsExactly("npmrc-auth-token " + TOKEN);
    }
}
