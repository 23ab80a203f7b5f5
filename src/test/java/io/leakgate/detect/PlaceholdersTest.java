package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    @Test
    void templateExpressionsAndMarkedNamesAreStandIns() {
        for (String s : new String[] {"<YOUR_GITHUB_TOKEN>", "${GITHUB_TOKEN}", "__DB_PASSWORD__", "@@PASSWORD@@",
                "@db.password@", "{{ aws_access_key_id }}", "{{ .Values.x }}", "{% raw %}", "<%= ENV['X'] %>",
                "${{ secrets.GH_TOKEN }}", "$VAR", "$${VAR}", "${VAR:-default}", "${spring.datasource.password}",
                "#{vault.password}", "$(DB_PASSWORD)", "%DB_PASSWORD%", "var.secret_key", "${var.secret_key}",
                "local.db_password", "[[ .Password ]]", "<username>:<password>", "deploy:${DEPLOY_TOKEN}"}) {
            assertThat(Placeholders.standIn(s)).as(s).isTrue();
        }
    }

    @Test
    void realLookingValuesAreNotStandIns() {
        for (String s : new String[] {"q7Vd9LmZx2Rt8KpW4sNc6YbF", "Pa55w0rd!", "deploy:Zq8vT2mLx4Rw", "s3cr3t$",
                "a<b>c", "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",
                // a default this random was typed as a real secret
                "${DB_PASSWORD:-q7Vd9LmZx2Rt8KpW4sNc6YbF}"}) {
            assertThat(Placeholders.standIn(s)).as(s).isFalse();
        }
    }

    @Test
    void aSecretCapturedInsideAnExpressionIsJudgedWithTheWholeExpression() {
        assertThat(covers("password: {{ vault_db_password }}", "vault_db_password")).isTrue();
        assertThat(covers("url = https://${USER:-ci}@git.acme.net", "-ci}")).isTrue();
        assertThat(covers("token = <YOUR_TOKEN>", "YOUR_TOKEN")).isTrue();
        assertThat(covers("password = Zq8vT2mLx4Rw", "Zq8vT2mLx4Rw")).isFalse();
    }

    private static boolean covers(String line, String secret) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int start = line.indexOf(secret);
        return Placeholders.covers(b, 0, start, start + secret.length(), b.length);
    }
}
