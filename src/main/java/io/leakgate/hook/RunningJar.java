package io.leakgate.hook;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The jar leakgate runs from, copied beside an installed script so it does not depend on where it came from. */
final class RunningJar {
    private RunningJar() {
    }

    /**
     * Copies the running jar into {@code dir} as {@code leakgate.jar}, unless it is that file.
     *
     * @return the copy, or null when leakgate is not running from a jar
     */
    static Path copyInto(Path dir) throws IOException {
        Path running = running();
        if (running == null) {
            return null;
        }
        Path jar = dir.resolve("leakgate.jar");
        if (!Files.exists(jar) || !Files.isSameFile(jar, running)) {
            Files.copy(running, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }

    private static Path running() {
        try {
            Path p = Path.of(RunningJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
