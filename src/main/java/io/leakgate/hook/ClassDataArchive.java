package io.leakgate.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code leakgate.jsa} beside an installed jar: the classes a rehearsal of the installed
 * script loads (see {@link Rehearsal}), dumped by the JVM with the JDK's own into one static
 * class-data archive that the script maps instead of loading and verifying classes on every
 * start. A static archive also holds the lambda and method-handle forms the rehearsal used, which
 * a dynamic one does not.
 */
final class ClassDataArchive {
    /** Starts a rehearsal, run by {@code java}, whose runs list the classes they load. */
    interface RehearsalStart {
        Rehearsal start(String java) throws IOException, InterruptedException;
    }

    private ClassDataArchive() {
    }

    /**
     * Rehearses and dumps the archive for {@code jar}. {@code gc} is the collector the script runs
     * with: the hook scripts run G1, whose archive also holds heap objects (the module graph,
     * among others) that spare every start their set-up; the launcher runs the serial collector.
     *
     * @param what what starts faster, for the note
     * @return a note for the person installing (written, or why not), or null when interrupted
     */
    static String write(RehearsalStart rehearse, Path jar, String gc, String what) {
        Path jsa = jar.resolveSibling("leakgate.jsa");
        Path list = jar.resolveSibling("leakgate.classlist");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.deleteIfExists(jsa);
            try (Rehearsal rehearsal = rehearse.start(java)) {
                // Each line once: JDK 17's dump crashes on a list naming the same lambda proxy twice.
                Set<String> classes = new LinkedHashSet<>();
                for (Path part : rehearsal.classLists()) {
                    if (Files.exists(part)) {
                        classes.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
                    }
                }
                Files.write(list, classes, StandardCharsets.UTF_8);
            }
            boolean ok = Files.size(list) > 0 && run(new ProcessBuilder(java, "-Xshare:dump", gc,
                    "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + jsa, "-Xlog:disable", "-cp", jar.toString()));
            if (ok && Files.exists(jsa)) {
                return "wrote the class-data archive " + jsa + " (faster start-up of " + what + ")";
            }
            Files.deleteIfExists(jsa);
            return "could not write a class-data archive; " + what + " will start a little slower";
        } catch (IOException e) {
            return "could not write a class-data archive (" + e.getMessage() + "); " + what + " will start a little slower";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException ignored) {
                // a leftover list is harmless
            }
        }
    }

    private static boolean run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
