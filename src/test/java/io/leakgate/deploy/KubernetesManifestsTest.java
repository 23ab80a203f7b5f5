package io.leakgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.leakgate.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes deployment under deploy/kubernetes: every object valid against the Kubernetes
 * API's schemas, the workers hardened and sized, and the Job and the CronJob running the same pods.
 */
class KubernetesManifestsTest {
    static final Path DIR = Path.of("deploy/kubernetes");
    static final YAMLMapper YAML = new YAMLMapper();
    static KubernetesSchema schema;

    @BeforeAll
    static void loadTheSchemas() throws IOException {
        schema = KubernetesSchema.load();
    }

    @Test
    void everyObjectInEveryManifestIsValidAgainstTheKubernetesSchemas() throws IOException {
        Map<String, List<String>> problems = new TreeMap<>();
        List<String> kinds = new ArrayList<>();
        for (Path file : manifests()) {
            for (JsonNode object : objects(file)) {
                kinds.add(object.path("kind").asText());
                List<String> p = schema.problems(object);
                if (!p.isEmpty()) {
                    problems.put(file + " " + object.path("kind").asText() + "/"
                            + object.path("metadata").path("name").asText(), p);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(kinds).contains("ConfigMap", "Secret", "Job", "CronJob", "StatefulSet", "Service");
    }

    @Test
    void aMisspeltFieldIsRejectedAtTheTopAndDeepInThePodTemplate() throws IOException {
        ObjectNode job = (ObjectNode) only(DIR.resolve("job.yaml"));
        ObjectNode spec = (ObjectNode) job.get("spec");
        spec.set("parallelizm", spec.remove("parallelism"));
        ObjectNode container = (ObjectNode) job.at("/spec/template/spec/containers/0/securityContext");
        container.set("readOnlyRootFileSystem", container.remove("readOnlyRootFilesystem"));

        assertThat(String.join("\n", schema.problems(job)))
                .contains("parallelizm").contains("readOnlyRootFileSystem");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() throws IOException {
        ObjectNode job = (ObjectNode) only(DIR.resolve("job.yaml"));
        ((ObjectNode) job.get("spec")).put("completions", "three");
        ((ObjectNode) job.at("/spec/template/spec/securityContext")).put("runAsNonRoot", "yes");

        assertThat(schema.problems(job)).hasSize(2)
                .anyMatch(p -> p.contains("completions")).anyMatch(p -> p.contains("runAsNonRoot"));
    }

    @Test
    void anUnknownKindAndAMapWhereTheApiWantsAStringAreRejected() throws IOException {
        ObjectNode job = (ObjectNode) only(DIR.resolve("job.yaml"));
        job.put("kind", "Jobs");
        assertThat(schema.problems(job)).singleElement().asString().contains("batch/v1/Jobs");

        ObjectNode map = (ObjectNode) only(DIR.resolve("configmap-datastore.yaml"));
        ((ObjectNode) map.get("data")).putObject("LEAKGATE_DATASTORE").put("url", "jdbc:postgresql://db/leakgate");
        assertThat(schema.problems(map)).singleElement().asString().contains("LEAKGATE_DATASTORE");
    }

    @Test
    void theKustomizationListsEveryManifestButTheSecretTemplateAndTheDevDatabase() throws IOException {
        JsonNode k = only(DIR.resolve("kustomization.yaml"));
        assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
        List<String> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.contains(".template."))
                    .forEach(files::add);
        }
        assertThat(resources).containsExactlyInAnyOrderElementsOf(files);
        // kustomize refuses a base that contains its overlay's directory
        try (Stream<Path> s = Files.walk(DIR.resolve("dev"))) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("kustomization.yaml");
        }
    }

    @Test
    void theNightlyCronJobRunsTheSameJobAsTheOneOffJob() throws IOException {
        JsonNode job = only(DIR.resolve("job.yaml"));
        JsonNode cron = only(DIR.resolve("cronjob.yaml"));

        assertThat(cron.at("/spec/jobTemplate/spec")).isEqualTo(job.get("spec"));
        assertThat(cron.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
    }

    @Test
    void theWorkersAreAnIndexedJobOfHardenedSizedPodsWithTheRunIdOfTheirJob() throws IOException {
        JsonNode job = only(DIR.resolve("job.yaml"));
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(job.at("/spec/parallelism").asInt()).isGreaterThan(1);
        JsonNode pod = job.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
        JsonNode c = pod.at("/containers/0");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");

        List<String> writable = new ArrayList<>();
        c.path("volumeMounts").forEach(m -> {
            if (!m.path("readOnly").asBoolean()) {
                writable.add(m.path("mountPath").asText());
            }
        });
        assertThat(writable).containsExactlyInAnyOrder("/tmp", "/var/cache/leakgate");

        Map<String, JsonNode> env = new TreeMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertThat(env.get("LEAKGATE_RUN").at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.labels['batch.kubernetes.io/controller-uid']");
        assertThat(env.get("LEAKGATE_DATASTORE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("leakgate-datastore");
        assertThat(env.get("LEAKGATE_CACHE").path("value").asText()).isEqualTo("/var/cache/leakgate");
        assertThat(env.get("LEAKGATE_JAVA_OPTS").path("value").asText()).contains("-XX:MaxRAMPercentage=");
        assertThat(c.at("/args/0").asText()).contains("leakgate repos --run \"$LEAKGATE_RUN\"");
        for (String kind : List.of("requests", "limits")) {
            assertThat(c.at("/resources/" + kind + "/cpu").isMissingNode()).as(kind).isFalse();
            assertThat(c.at("/resources/" + kind + "/memory").isMissingNode()).as(kind).isFalse();
        }
    }

    @Test
    void theWorkersRunTheImageTheReleaseWorkflowPublishesForThisVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>leakgate</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        String image = only(DIR.resolve("job.yaml")).at("/spec/template/spec/containers/0/image").asText();

        assertThat(image).isEqualTo("ghcr.io/leakgate/leakgate:v" + version.group(1));
        assertThat(Files.readString(Path.of(".github/workflows/release.yml"))).contains("ghcr.io/");
    }

    @Test
    void leakgateFindsNothingInTheDeploymentButWouldFindAPasswordPutIntoTheSecretTemplate(@TempDir Path tmp)
            throws IOException {
        Cli.Run clean = Cli.run(Path.of("").toAbsolutePath(), "scan", "deploy");
        assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();

        Path filled = Files.createDirectories(tmp.resolve("deploy/kubernetes")).resolve("secret.yaml");
        Files.writeString(filled, Files.readString(DIR.resolve("secret.template.yaml"))
                .replace("<DATASTORE_PASSWORD>", "Vq7rT2xLp9Zc4NwK8sJd"));
        Cli.Run leaked = Cli.run(tmp, "scan", "deploy");
        assertThat(leaked.exit()).as(leaked.out() + leaked.err()).isEqualTo(1);
    }

    static List<Path> manifests() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
            assertThat(files).isNotEmpty();
            return files;
        }
    }

    /** Every YAML document of a file (a file may hold several, separated by ---). */
    static List<JsonNode> objects(Path file) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    objects.add(d);
                }
            }
        }
        return objects;
    }

    static JsonNode only(Path file) throws IOException {
        List<JsonNode> objects = objects(file);
        assertThat(objects).as(file.toString()).hasSize(1);
        return objects.get(0);
    }
}
