package io.leakgate.release;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.Processes;
import io.leakgate.report.SarifSchema;
import io.leakgate.source.archive.TestArchives;
import io.leakgate.source.image.TestImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the container image's runtime with the Dockerfile's own jlink command and runs the
 * packaged jar on it: every kind of command must work with only those modules.
 */
class JlinkRuntimeIT {
    static final String KEY_ID = "AKIAHBMUAPTT2ZN5X2PD";
    static final String KEY_LINE = "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n";
    /** The Dockerfile's {@code RUN jlink ...} command, its continuation lines joined. */
    static final Pattern JLINK = Pattern.compile("^RUN (jlink .*)$", Pattern.MULTILINE);

    @TempDir
    static Path shared;
    static Path runtime;
    static Path jar;
    static Set<String> modules;

    @BeforeAll
    static void buildTheRuntimeAsTheDockerfileDoes() throws Exception {
        jar = Path.of(System.getProperty("leakgate.jar", "target/leakgate.jar")).toAbsolutePath();
        assertThat(jar).as("run `mvn package` first").exists();
        String dockerfile = Files.readString(Path.of("Dockerfile"), UTF_8).replace("\\\n", " ");
        Matcher m = JLINK.matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile's jlink line").isTrue();
        List<String> command = new ArrayList<>(Arrays.asList(m.group(1).strip().split("\\s+")));
        modules = new TreeSet<>(Arrays.asList(command.get(command.indexOf("--add-modules") + 1).split(",")));
        runtime = shared.resolve("runtime");
        command.set(0, jdkTool("jlink"));
        command.set(command.indexOf("--output") + 1, runtime.toString());
        Processes.Result r = Processes.run(command, shared, e -> { }, null, 300);
        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void theDockerfileNamesEveryModuleJdepsFindsTheJarNeeds() {
        Processes.Result r = Processes.run(List.of(jdkTool("jdeps"), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", "17", jar.toString()), shared, e -> { }, null, 300);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(modules).containsAll(Arrays.asList(r.out().strip().split(",")));
    }

    /**
     * TLS key exchanges (ECDHE, X25519) are services of jdk.crypto.ec on Java 17, which no jar
     * names, so jdeps cannot find them: without the module, cloning over HTTPS and a PostgreSQL
     * datastore with sslmode fail their handshakes with most servers.
     */
    @Test
    void theRuntimeHasTheEllipticCurvesThatTlsToGitHostsAndPostgresqlNegotiates() throws Exception {
        Path src = Files.createDirectories(shared.resolve("probe"));
        Files.writeString(src.resolve("TlsProbe.java"), """
                public class TlsProbe {
                    public static void main(String[] args) throws Exception {
                        javax.crypto.KeyAgreement.getInstance("X25519");
                        javax.crypto.KeyAgreement.getInstance("ECDH");
                        java.security.KeyPairGenerator.getInstance("EC").initialize(256);
                        java.security.Signature.getInstance("SHA256withECDSA");
                        javax.net.ssl.SSLContext.getDefault().createSSLEngine();
                    }
                }
                """);
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "--release", "17", "-d", src.toString(), src.resolve("TlsProbe.java").toString());
        assertThat(compiled).isZero();

        Processes.Result r = Processes.run(List.of(runtime.resolve("bin/java").toString(), "-cp", src.toString(), "TlsProbe"),
                shared, e -> { }, null, 60);

        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void theImageRunsLeakgateAsANonRootUserWithTheLaunchersClassDataArchive() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"), UTF_8);
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).strip()).isNotIn("root", "0");
        assertThat(lines).contains("ENTRYPOINT [\"leakgate\"]");
        assertThat(lines).anyMatch(l -> l.contains("install launcher --dir /opt/leakgate"));
    }

    @Test
    void scanFindsTheKeyInAFileAndInsideZipGzipAndXzArchives(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.env"), KEY_LINE);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("conf/app.env"));
            z.write(KEY_LINE.getBytes(UTF_8));
        }
        Files.write(dir.resolve("bundle.zip"), zip.toByteArray());
        Files.write(dir.resolve("app.env.gz"), TestArchives.gzip(KEY_LINE.getBytes(UTF_8)));
        Files.write(dir.resolve("app.env.xz"), TestArchives.xz(KEY_LINE.getBytes(UTF_8)));

        Processes.Result r = leakgate(dir, "scan", "--format", "json", "--report", "out.json", ".");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        List<String> files = new ArrayList<>();
        // One finding per secret: its other places are under otherLocations.
        for (JsonNode f : new ObjectMapper().readTree(dir.resolve("out.json").toFile()).get("findings")) {
            files.add(f.get("path").asText());
            f.get("otherLocations").forEach(o -> files.add(o.get("path").asText()));
        }
        assertThat(files).anyMatch(f -> f.equals("app.env"))
                .anyMatch(f -> f.startsWith("bundle.zip!"))
                .anyMatch(f -> f.startsWith("app.env.gz"))
                .anyMatch(f -> f.startsWith("app.env.xz"));
    }

    @Test
    void gitScansHistoryIntoValidSarifAndJunit(@TempDir Path dir) throws Exception {
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("deploy.env"), KEY_LINE);
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "Deploy");
        Files.delete(dir.resolve("deploy.env"));
        git(dir, "commit", "-q", "-a", "-m", "Remove the key");

        Processes.Result sarif = leakgate(dir, "git", "--format", "sarif", "--report", "out.sarif", ".");
        Processes.Result junit = leakgate(dir, "git", "--format", "junit", "--report", "out.xml", ".");

        assertThat(sarif.exit()).as(sarif.all()).isEqualTo(1);
        JsonNode results = SarifSchema.assertValid(Files.readString(dir.resolve("out.sarif"))).get("runs").get(0).get("results");
        assertThat(results).hasSize(1);
        assertThat(junit.exit()).as(junit.all()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out.xml"))).contains("<testsuite").contains("deploy.env");
    }

    @Test
    void reposFillsASqliteDatastoreThatReportAndTriageRead(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("app"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("deploy.env"), KEY_LINE);
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "Deploy");

        Processes.Result scan = leakgate(dir, "repos", "app");
        Processes.Result report = leakgate(dir, "report", "--format", "json");

        assertThat(scan.exit()).as(scan.all()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(report.out()).get("findings");
        assertThat(findings).hasSize(1);
        Processes.Result triage = leakgate(dir, "triage", findings.get(0).get("fingerprint").asText(), "--status", "revoked");
        assertThat(triage.exit()).as(triage.all()).isZero();
        assertThat(leakgate(dir, "repos", "app").exit()).isZero();
    }

    @Test
    void imageScansASavedImageWithALayerThatDeletesTheKey(@TempDir Path dir) throws Exception {
        new TestImage().name("acme/app:1.0")
                .layer(new TestImage.Layer().file("app/.env", KEY_LINE).gzip())
                .layer(new TestImage.Layer().file("app/.wh..env", ""))
                .writeDockerSave(dir.resolve("app.tar"));

        Processes.Result r = leakgate(dir, "image", "app.tar");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("app/.env");
    }

    @Test
    void installLauncherRehearsesWithTheRuntimeAndTheLauncherRunsOnIt(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("bin");
        Processes.Result install = leakgate(dir, "install", "launcher", "--dir", bin.toString());
        assertThat(install.exit()).as(install.all()).isZero();
        assertThat(bin.resolve("leakgate.jsa")).exists();
        Files.writeString(dir.resolve("app.env"), KEY_LINE);

        Processes.Result r = Processes.run(List.of(bin.resolve("leakgate").toString(), "scan", "app.env"), dir,
                e -> e.putAll(Map.of("JAVA_HOME", runtime.toString(), "HOME", dir.toString())), null, 120);

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("app.env");
    }

    static Processes.Result leakgate(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(runtime.resolve("bin/java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, dir, e -> {
            e.remove("LEAKGATE_CONFIG");
            e.put("JAVA_HOME", runtime.toString());
        }, null, 180);
    }

    static void git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(cmd, dir, e -> { }, null, 60);
        assertThat(r.exit()).as(r.all()).isZero();
    }

    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
