package io.leakgate.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates the commands picocli instantiates with the run's {@link Terminal}; anything else as picocli would. */
final class CommandFactory implements CommandLine.IFactory {
    private final Terminal terminal;

    CommandFactory(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Terminal.class) {
                c.setAccessible(true);
                return type.cast(c.newInstance(terminal));
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}
