package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileLinesTest {
    private static final String CONFIG = """
            [[rules]]
            id = "curl-user"
            regex = '''(?i)\\bcurl\\b[^\\r\\n]*?[ \\t](?:-u|--user)[ \\t]+[^:\\s]+:([^\\s"']+)'''
            keywords = ["curl"]
            """;

    private final Detector detector;

    DockerfileLinesTest() throws Exception {
        detector = new Detector(new RuleIndex(new ConfigLoader().loadText("t.toml", CONFIG)));
    }

    private List<Finding> scan(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(b, b.length, path);
    }

    @Test
    void instructionContinuedOverSeveralLinesIsMatchedAsOneLine() {
        String dockerfile = """
                FROM alpine:3.20
                RUN apk add curl && \\
                    curl -fsSL \\
                      -u deploy:Zq8vT2mLx4Rw \\
                      https://artifacts.example.net/app.tgz | tar xz
                """;
        List<Finding> f = scan("Dockerfile", dockerfile);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).secret()).isEqualTo("Zq8vT2mLx4Rw");
        assertThat(f.get(0).line()).isEqualTo(4);
        assertThat(f.get(0).column()).isEqualTo(17);
        assertThat(f.get(0).endLine()).isEqualTo(4);
        assertThat(f.get(0).endColumn()).isEqualTo(28);
    }

    @Test
    void sameTextOutsideADockerfileIsScannedLineByLine() {
        String text = "curl -fsSL \\\n  -u deploy:Zq8vT2mLx4Rw https://x\n";
        assertThat(scan("notes.txt", text)).isEmpty();
        assertThat(scan("build/app.dockerfile", text)).hasSize(1);
        assertThat(scan("Containerfile", text)).hasSize(1);
        assertThat(scan("docker/Dockerfile.prod", text)).hasSize(1);
    }

    @Test
    void commentAndBlankLinesInsideAContinuationDoNotEndTheInstruction() {
        String text = "RUN curl -fsSL \\\r\n# fetch with the deploy user\r\n\r\n  -u deploy:Zq8vT2mLx4Rw https://x\r\n";
        List<Finding> f = scan("Dockerfile", text);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).line()).isEqualTo(4);
        assertThat(f.get(0).column()).isEqualTo(13);
    }

    @Test
    void escapeDirectiveSwitchesTheContinuationCharacter() {
        String text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN curl.exe `\n  -u deploy:Zq8vT2mLx4Rw https://x\n";
        List<Finding> f = scan("Dockerfile", text);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).line()).isEqualTo(4);
    }

    @Test
    void columnsAfterAContinuationCountCharactersNotBytes() {
        String text = "RUN échó curl \\\n  -u dé:Zq8vT2mLx4Rw https://x\n";
        List<Finding> f = scan("Dockerfile", text);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).line()).isEqualTo(2);
        assertThat(f.get(0).column()).isEqualTo(9);
    }

    @Test
    void dockerfileNamesAreRecognisedByTheirLastPathPart() {
        assertThat(List.of("Dockerfile", "dockerfile", "docker/Dockerfile.prod", "build/app.Dockerfile",
                "Containerfile", "Containerfile.dev", "3f4a2b1c9d8e:/app/Dockerfile"))
                .allMatch(DockerfileLines::isDockerfile);
        assertThat(List.of("Dockerfile-lint.sh", "notes/Dockerfiles.md", "MyDockerfile", "dockerfile/README",
                ".dockerfile", "Makefile", ""))
                .noneMatch(DockerfileLines::isDockerfile);
    }
}
