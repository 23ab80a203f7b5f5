package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The scripts leakgate carries in its jar under {@code hooks/}: the hook scripts and the
 * launcher. Writes them out executable, and tells them from someone else's script of the same name.
 */
final class BundledScripts {
    /** Every bundled script names leakgate in a comment in its first lines. */
    private static final String MARKER = "leakgate";

    private BundledScripts() {
    }

    /** Writes the bundled script {@code name} to {@code target}, executable. */
    static void write(String name, Path target) throws IOException, LeakgateException {
        try (InputStream in = BundledScripts.class.getClassLoader().getResourceAsStream("hooks/" + name)) {
            if (in == null) {
                throw new LeakgateException("this build does not contain the " + name + " script");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            target.toFile().setExecutable(true);
        }
    }

    /** Whether the script at {@code file} is one of leakgate's, so it may be replaced. */
    static boolean isOurs(Path file) throws IOException {
        String head = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return head.lines().limit(3).anyMatch(l -> l.contains(MARKER) && l.startsWith("#"));
    }
}
