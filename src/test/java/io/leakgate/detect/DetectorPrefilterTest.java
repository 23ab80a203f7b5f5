package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leakgate.SharedCorpus;
import io.leakgate.finding.Finding;
import io.leakgate.rules.ConfigLoader;
import io.leakgate.rules.Rule;
import io.leakgate.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A detector whose rules run behind their DFAs from the first window must report exactly what one
 * running RE2J alone reports, including several matches in one window.
 */
class DetectorPrefilterTest {
    @Test
    void bundledRulesFindTheSameWithAndWithoutTheirDfas() throws Exception {
        RuleSet rules = new ConfigLoader().loadDefault();
        StringBuilder text = new StringBuilder();
        for (Rule r : rules.rules()) {
            r.examples().forEach(e -> text.append(e.text()).append('\n'));
            r.negativeExamples().forEach(e -> text.append(e.text()).append('\n'));
            // The same examples twice on one line: a window with more than one match.
            r.examples().forEach(e -> text.append(e.text().replace('\n', ' ')).append(" ; ")
                    .append(e.text().replace('\n', ' ')).append('\n'));
        }
        assertSameFindings(rules, List.of(text.toString()));
    }

    @Test
    @org.junit.jupiter.api.Tag(SharedCorpus.TAG)
    void gitleaksRulesFindTheSameWithAndWithoutTheirDfas() throws Exception {
        SharedCorpus.require("corpus/gitleaks-default.toml");
        SharedCorpus.require("corpus/gitleaks-samples.jsonl");
        RuleSet gitleaks = new ConfigLoader().load(SharedCorpus.file("corpus/gitleaks-default.toml"));
        List<SharedCorpus.Sample> samples = SharedCorpus.gitleaksSamples();
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < samples.size(); i += 4) {
            chunk.append(samples.get(i).text()).append('\n');
            if (chunk.length() > 16 * 1024) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
        }
        chunks.add(chunk.toString());
        assertSameFindings(gitleaks, chunks);
    }

    private static void assertSameFindings(RuleSet rules, List<String> texts) {
        RuleIndex index = new RuleIndex(rules);
        Detector withDfas = new Detector(index, 0);
        Detector plain = new Detector(index, Long.MAX_VALUE);
        int findings = 0;
        for (String t : texts) {
            byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
            List<Finding> expected = plain.scan(bytes, bytes.length, "file.txt");
            assertThat(withDfas.scan(bytes, bytes.length, "file.txt")).isEqualTo(expected);
            findings += expected.size();
        }
        assertThat(findings).isPositive();
    }
}
