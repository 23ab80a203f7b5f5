package io.leakgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default pack on whole Dockerfiles, the way people write them. */
class DockerRulesTest {
    private final Detector detector;

    DockerRulesTest() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadDefault()));
    }

    private List<Finding> scan(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(b, b.length, path);
    }

    @Test
    void findsEverySecretOfALeakyDockerfileOnTheLineItIsWrittenOn() {
        String dockerfile = """
                # syntax=docker/dockerfile:1
                FROM python:3.12-slim
                ARG PIP_INDEX_TOKEN=Zq8vT2mLx4Rw
                ENV APP_HOME=/app \\
                    DB_PASSWORD=hunter2 \\
                    LOG_LEVEL=info
                COPY .aws/credentials /root/.aws/credentials
                RUN pip install awscli \\
                 && aws configure set aws_access_key_id AKIAYVP4CIPPOWONZTGT \\
                 && aws configure set aws_secret_access_key \\
                        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
                RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
                ENV API_TOKEN=$API_TOKEN
                """;
        List<Finding> f = scan("Dockerfile", dockerfile);
        assertThat(f).extracting(x -> x.rule().id() + "@" + x.line() + ":" + x.column()).containsExactly(
                "dockerfile-secret-variable-literal@3:21",
                "dockerfile-secret-variable-literal@5:17",
                "dockerfile-copies-credential-file@7:6",
                "aws-access-key-id@9:41",
                "aws-secret-access-key@11:9");
    }

    @Test
    void shortLiteralInAnEnvLineIsOnlyReportedInContainerBuildFiles() {
        assertThat(scan("Dockerfile", "ENV DB_PASSWORD=hunter2")).hasSize(1);
        assertThat(scan("README.md", "ENV DB_PASSWORD=hunter2")).isEmpty();
        assertThat(scan("docs/setup.sh", "export DB_PASSWORD=hunter2")).isEmpty();
    }
}
