package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.report.Rfc4180;
import io.leakgate.report.SarifSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every report format, written by the real CLI, parsed back and checked field by field. */
class ReportFormatsTest {
    static final String KEY_ID = "AKIAYVP4CIPPOWONZTGT";
    static final String SECRET_KEY = "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";

    @TempDir
    Path dir;

    JsonNode json;

    @BeforeEach
    void writeDockerfileAndReadTheJsonReportAsTheReference() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), ScanCommandTest.ORIGIN_DOCKERFILE);
        Cli.Run run = Cli.run(dir, "scan", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("findings").size()).isEqualTo(2);
    }

    @Test
    void sarifValidatesAgainstTheOfficialSchemaAndCarriesRulesRegionsAndFingerprints() throws Exception {
        Cli.Run run = Cli.run(dir, "scan", "--format", "sarif", "--report", "out/leakgate.sarif", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("2 findings (2 critical)").contains("report written to out/leakgate.sarif");
        String text = Files.readString(dir.resolve("out/leakgate.sarif"));
        assertThat(text).doesNotContain(KEY_ID).doesNotContain(SECRET_KEY);
        JsonNode sarif = SarifSchema.assertValid(text);

        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode runNode = sarif.get("runs").get(0);
        JsonNode driver = runNode.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("leakgate");
        assertThat(driver.get("version").asText()).isEqualTo(json.get("version").asText());
        JsonNode rules = driver.get("rules");
        assertThat(rules.size()).isEqualTo(2);
        JsonNode results = runNode.get("results");
        assertThat(results.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            JsonNode expected = json.get("findings").get(i);
            JsonNode result = results.get(i);
            assertThat(result.get("ruleId").asText()).isEqualTo(expected.get("rule").asText());
            JsonNode rule = rules.get(result.get("ruleIndex").asInt());
            assertThat(rule.get("id").asText()).isEqualTo(expected.get("rule").asText());
            assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
            assertThat(rule.get("fullDescription").get("text").asText()).isEqualTo(expected.get("description").asText());
            assertThat(rule.get("help").get("text").asText()).contains("rotate");
            assertThat(rule.get("help").get("markdown").asText()).contains("`" + expected.get("rule").asText() + "`");
            assertThat(rule.get("defaultConfiguration").get("level").asText()).isEqualTo("error");
            assertThat(rule.get("properties").get("tags")).extracting(JsonNode::asText)
                    .contains("security", "secret", "aws");
            assertThat(rule.get("properties").get("security-severity").asDouble()).isGreaterThanOrEqualTo(9.0);
            assertThat(result.get("level").asText()).isEqualTo("error");
            assertThat(result.get("message").get("text").asText()).contains(expected.get("secret").asText());
            JsonNode loc = result.get("locations").get(0).get("physicalLocation");
            assertThat(loc.get("artifactLocation").get("uri").asText()).isEqualTo("Dockerfile");
            JsonNode region = loc.get("region");
            assertThat(region.get("startLine").asInt()).isEqualTo(expected.get("line").asInt());
            assertThat(region.get("startColumn").asInt()).isEqualTo(expected.get("column").asInt());
            assertThat(region.get("endLine").asInt()).isEqualTo(expected.get("endLine").asInt());
            assertThat(region.get("endColumn").asInt()).isEqualTo(expected.get("endColumn").asInt() + 1);
            assertThat(result.get("partialFingerprints").get("leakgate/v2").asText())
                    .isEqualTo(expected.get("fingerprint").asText());
        }
        assertThat(results.get(0).get("locations").get(0).get("physicalLocation").get("region").get("startColumn")
                .asInt()).isEqualTo(20);
        assertThat(runNode.get("columnKind").asText()).isEqualTo("unicodeCodePoints");
    }

    @Test
    void sarifOfACleanScanIsValidWithNoResults() throws Exception {
        Path clean = Files.createDirectory(dir.resolve("clean"));
        Files.writeString(clean.resolve("main.py"), "print('hello')\n");
        Cli.Run run = Cli.run(clean, "scan", "-f", "sarif", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        JsonNode sarif = SarifSchema.assertValid(run.out());
        assertThat(sarif.get("runs").get(0).get("results").size()).isZero();
        assertThat(sarif.get("runs").get(0).get("tool").get("driver").get("rules").size()).isZero();
        assertThat(run.err()).contains("no secrets found");
    }

    @Test
    void csvFollowsRfc4180AndParsesBackFieldByField() throws Exception {
        Cli.Run run = Cli.run(dir, "scan", "--format", "csv", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("\r\n").doesNotContain(KEY_ID).doesNotContain(SECRET_KEY);
        List<List<String>> rows = Rfc4180.parse(run.out());
        assertThat(rows).hasSize(3);
        List<String> header = rows.get(0);
        assertThat(header).startsWith("rule", "severity", "path", "line", "column", "endLine", "endColumn", "secret",
                "fingerprint", "commit");
        for (int i = 0; i < 2; i++) {
            Map<String, String> row = byHeader(header, rows.get(i + 1));
            JsonNode expected = json.get("findings").get(i);
            assertThat(row.get("rule")).isEqualTo(expected.get("rule").asText());
            assertThat(row.get("severity")).isEqualTo(expected.get("severity").asText());
            assertThat(row.get("path")).isEqualTo(expected.get("path").asText());
            assertThat(row.get("line")).isEqualTo(expected.get("line").asText());
            assertThat(row.get("column")).isEqualTo(expected.get("column").asText());
            assertThat(row.get("endLine")).isEqualTo(expected.get("endLine").asText());
            assertThat(row.get("endColumn")).isEqualTo(expected.get("endColumn").asText());
            assertThat(row.get("secret")).isEqualTo(expected.get("secret").asText());
            assertThat(row.get("fingerprint")).isEqualTo(expected.get("fingerprint").asText());
            assertThat(row.get("commit")).isEmpty();
            assertThat(row.get("description")).isEqualTo(expected.get("description").asText());
        }
        // The description holds commas, so the writer had to quote it.
        assertThat(json.get("findings").get(0).get("description").asText()).contains(",");
    }

    @Test
    void csvQuotesCommasQuotesAndDefusesSpreadsheetFormulasInPaths() throws Exception {
        Path odd = Files.createDirectory(dir.resolve("odd"));
        Files.writeString(odd.resolve("we,ird \"name\".env"), "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n");
        Files.writeString(odd.resolve("=HYPERLINK(1).env"), "AWS_ACCESS_KEY_ID=" + KEY_ID + "\n");
        Cli.Run run = Cli.run(odd, "scan", "-f", "csv", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<List<String>> rows = Rfc4180.parse(run.out());
        List<String> header = rows.get(0);
        assertThat(rows.subList(1, rows.size())).extracting(r -> byHeader(header, r).get("path"))
                .containsExactlyInAnyOrder("we,ird \"name\".env", "'=HYPERLINK(1).env");
    }

    @Test
    void junitHasOneFailedTestCasePerFindingAndParsesWithTheJdkDomParser() throws Exception {
        Cli.Run run = Cli.run(dir, "scan", "--format", "junit", "-r", "leakgate-junit.xml", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        byte[] xml = Files.readAllBytes(dir.resolve("leakgate-junit.xml"));
        assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain(KEY_ID).doesNotContain(SECRET_KEY);
        Document doc = parseXml(xml);
        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("2");
        assertThat(suites.getAttribute("failures")).isEqualTo("2");
        NodeList suiteList = suites.getElementsByTagName("testsuite");
        assertThat(suiteList.getLength()).isEqualTo(1);
        Element suite = (Element) suiteList.item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            JsonNode expected = json.get("findings").get(i);
            Element tc = (Element) cases.item(i);
            String where = expected.get("path").asText() + ":" + expected.get("line").asInt() + ":"
                    + expected.get("column").asInt();
            assertThat(tc.getAttribute("name")).isEqualTo(expected.get("rule").asText() + " at " + where);
            assertThat(tc.getAttribute("classname")).isEqualTo("Dockerfile");
            assertThat(tc.getAttribute("file")).isEqualTo("Dockerfile");
            assertThat(tc.getAttribute("line")).isEqualTo(expected.get("line").asText());
            Element failure = (Element) tc.getElementsByTagName("failure").item(0);
            assertThat(failure.getAttribute("type")).isEqualTo(expected.get("rule").asText());
            assertThat(failure.getAttribute("message")).startsWith("critical: ")
                    .endsWith(expected.get("secret").asText());
            assertThat(failure.getTextContent()).contains("fingerprint: " + expected.get("fingerprint").asText());
        }
    }

    @Test
    void junitOfACleanScanHasOnePassingTestCase() throws Exception {
        Path clean = Files.createDirectory(dir.resolve("clean"));
        Files.writeString(clean.resolve("main.py"), "print('hello')\n");
        Cli.Run run = Cli.run(clean, "scan", "-f", "junit", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        Document doc = parseXml(run.out().getBytes(StandardCharsets.UTF_8));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        Element tc = (Element) suite.getElementsByTagName("testcase").item(0);
        assertThat(tc.getAttribute("name")).startsWith("no secrets found");
        assertThat(tc.getElementsByTagName("failure").getLength()).isZero();
    }

    static Map<String, String> byHeader(List<String> header, List<String> row) {
        assertThat(row).hasSameSizeAs(header);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.put(header.get(i), row.get(i));
        }
        return m;
    }

    static Document parseXml(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
