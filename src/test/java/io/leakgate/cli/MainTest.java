package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
    @Test
    void everyCommandOfTheTreeIsBuiltAloneByName() {
        List<Class<?>> tree = Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
                .filter(c -> c != CommandLine.HelpCommand.class)
                .toList();
        assertThat(tree).isNotEmpty();
        for (Class<?> type : tree) {
            String name = type.getAnnotation(Command.class).name();
            assertThat(Main.subcommand(name, Terminal.process())).as(name).isInstanceOf(type);
        }
        assertThat(Main.subcommand("help", Terminal.process())).isNull();
        assertThat(Main.subcommand("nope", Terminal.process())).isNull();
    }

    /**
     * Tests run commands in their own JVM: a command that wrote to System.out or read the
     * process's directory instead of its terminal's would print elsewhere, or scan the wrong files.
     */
    @Test
    void aRunInThisJvmUsesOnlyItsTerminalsStreamsEnvironmentAndDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.env"), "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n");
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream leaked = new ByteArrayOutputStream();
        PrintStream trap = new PrintStream(leaked, true, StandardCharsets.UTF_8);
        Cli.Run found;
        Cli.Run json;
        Cli.Run piped;
        Cli.Run usage;
        Cli.Run missing;
        try {
            System.setOut(trap);
            System.setErr(trap);
            found = Cli.run(dir, "scan", ".");
            json = Cli.run(dir, Map.of(), null, "scan", "--format", "json", "--report", "out/r.json", "config.env");
            piped = Cli.run(dir, Map.of(), "aws_access_key_id = AKIAYVP4CIPPOWONZTGT\n".getBytes(StandardCharsets.UTF_8),
                    "scan", "-");
            usage = Cli.run(dir, "scan", "--no-such-option");
            missing = Cli.run(dir, "scan", "nothing-here");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        assertThat(leaked.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(found.exit()).as(found.err()).isEqualTo(Main.FOUND);
        assertThat(found.out()).contains("config.env:1").doesNotContain(dir.toString());
        assertThat(json.exit()).as(json.err()).isEqualTo(Main.FOUND);
        assertThat(json.err()).contains("report written to out/r.json");
        assertThat(dir.resolve("out/r.json")).exists();
        assertThat(Path.of("out/r.json")).doesNotExist();
        assertThat(piped.exit()).as(piped.err()).isEqualTo(Main.FOUND);
        assertThat(piped.out()).contains("-:1");
        assertThat(usage.exit()).isEqualTo(Main.ERROR);
        assertThat(usage.err()).contains("Unknown option: '--no-such-option'").contains("leakgate scan --help");
        assertThat(missing.exit()).isEqualTo(Main.ERROR);
        assertThat(missing.err()).isEqualTo("leakgate: nothing-here: no such file or directory\n");
    }
}
