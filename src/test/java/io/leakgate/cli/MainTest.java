package io.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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
            assertThat(Main.subcommand(name)).as(name).isInstanceOf(type);
        }
        assertThat(Main.subcommand("help")).isNull();
        assertThat(Main.subcommand("nope")).isNull();
    }
}
