package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the {@code leakgate} command into a directory on PATH: the launcher script, the jar
 * beside it, and a class-data archive rehearsed from the commands run from a shell or CI, which
 * the launcher maps to start faster.
 */
public final class LauncherInstaller {
    /** The launcher script's name, in hooks/ of the source tree and of the jar. */
    private static final String LAUNCHER = "leakgate";

    private final List<String> notes = new ArrayList<>();

    /** What the installer did, for the person who ran it. */
    public List<String> notes() {
        return notes;
    }

    /** Installs into {@code into}; refuses to replace a {@code leakgate} there that is not leakgate's launcher. */
    public Path install(Path into) throws LeakgateException {
        Path dir = into.toAbsolutePath().normalize();
        Path target = dir.resolve(LAUNCHER);
        try {
            Files.createDirectories(dir);
            if (Files.exists(target) && !BundledScripts.isOurs(target)) {
                throw new LeakgateException(target + " already exists and is not leakgate's launcher; move it away or "
                        + "choose another --dir");
            }
            BundledScripts.write(LAUNCHER, target);
            Path jar = RunningJar.copyInto(dir);
            if (jar != null) {
                note(ClassDataArchive.write(java -> Rehearsal.commands(target, jar, java), jar, "-XX:+UseSerialGC",
                        "the leakgate command"));
            } else {
                notes.add("leakgate is not running from a jar: set LEAKGATE_JAR for the hook to find it");
                notes.add("not running from a jar: " + dir.resolve("leakgate.jar") + " must be put there by hand");
            }
            notes.add("installed " + target + (onPath(dir) ? "" : "; add " + dir + " to PATH to run it as 'leakgate'"));
            return target;
        } catch (IOException e) {
            throw new LeakgateException("cannot install the launcher into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void note(String note) {
        if (note != null) {
            notes.add(note);
        }
    }

    /** Whether {@code dir} (absolute and normalized) is on PATH. */
    private static boolean onPath(Path dir) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(dir)) {
                return true;
            }
        }
        return false;
    }
}
