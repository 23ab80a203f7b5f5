package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashes in database dumps and account files, as a scan of a directory reports them. */
class PasswordHashScanTest {
    /** As mysqldump writes the mysql schema of a MySQL 5.7 server: one extended INSERT per table. */
    private static final String MYSQL_DUMP = """
            -- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)
            --
            -- Host: localhost    Database: mysql
            LOCK TABLES `user` WRITE;
            /*!40000 ALTER TABLE `user` DISABLE KEYS */;
            INSERT INTO `user` VALUES ('localhost','root','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','Y','','','','',0,0,0,0,'mysql_native_password','*BC263474F818EA94C2077EAAFE307CF0FDE1954B','N','2024-05-02 10:11:12',NULL,'N'),('localhost','mysql.session','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','','','','',0,0,0,0,'mysql_native_password','*THISISNOTAVALIDPASSWORDTHATCANBEUSEDHERE','N','2024-05-02 10:11:12',NULL,'Y'),('localhost','mysql.sys','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','','','','',0,0,0,0,'mysql_native_password','*THISISNOTAVALIDPASSWORDTHATCANBEUSEDHERE','N','2024-05-02 10:11:12',NULL,'Y'),('%','shop','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','N','','','','',0,0,0,0,'mysql_native_password','*565C776029D52D5DC4979BB2B6B65139B1E246A1','N','2024-05-02 10:11:12',NULL,'N');
            /*!40000 ALTER TABLE `user` ENABLE KEYS */;
            UNLOCK TABLES;
            """;

    private static final String SHADOW = """
            root:$6$879N/93XuZtw.Sbb$QFLOxPgc.6CgEpaIaKBHOEY7QccpEOtL2sAOtA.wDYlNwT48JWFOFSY7YlsVQbJqgyztiD1d9wg7o66Kq1xFbU:19700:0:99999:7:::
            daemon:*:19700:0:99999:7:::
            bin:*:19700:0:99999:7:::
            nobody:!:19700:0:99999:7:::
            deploy:$y$j9T$vEXHHynjyU0lCg5xjrZw1r$ocnlAywH4yDPEQpFv8aqqeNXDw9aPh0CjPDOrTuFNNr:19811:0:99999:7:::
            """;

    @TempDir
    Path dir;

    @Test
    void reportsEachMysqlUserHashInADumpButNotTheMysqlSysPlaceholder() throws Exception {
        Files.writeString(dir.resolve("mysql.sql"), MYSQL_DUMP);
        Cli.Run run = Cli.run(dir, "scan", "--format", "json", "--show-secrets", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<JsonNode> findings = findings(run);
        assertThat(findings).extracting(f -> f.get("rule").asText())
                .containsExactly("mysql-native-password-hash", "mysql-native-password-hash");
        assertThat(findings).extracting(f -> f.get("secret").asText()).containsExactly(
                "*BC263474F818EA94C2077EAAFE307CF0FDE1954B", "*565C776029D52D5DC4979BB2B6B65139B1E246A1");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("medium");
            assertThat(f.get("tags").toString()).contains("\"password-hash\"");
        });
        assertThat(run.out()).doesNotContain("THISISNOTAVALIDPASSWORD");
    }

    @Test
    void reportsTheHashesOfAShadowFileAndNotItsLockedAccounts() throws Exception {
        Files.createDirectories(dir.resolve("backup/etc"));
        Files.writeString(dir.resolve("backup/etc/shadow"), SHADOW);
        Cli.Run run = Cli.run(dir, "scan", "--format", "json", ".");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<JsonNode> findings = findings(run);
        assertThat(findings).extracting(f -> f.get("rule").asText() + " " + f.get("path").asText() + ":"
                + f.get("line").asInt()).containsExactly(
                        "account-file-password-hash backup/etc/shadow:1",
                        "account-file-password-hash backup/etc/shadow:5");
        assertThat(findings).extracting(f -> f.get("secret").asText()).containsExactly("$6$879N/…xFbU", "$y$j9T$v…FNNr");
    }

    @Test
    void aShadowFileOfLockedAccountsAsInEveryBaseImageIsClean() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/shadow"), "root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n");
        Cli.Run run = Cli.run(dir, "scan", ".");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
    }

    private static List<JsonNode> findings(Cli.Run run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).get("findings").forEach(out::add);
        return out;
    }
}
