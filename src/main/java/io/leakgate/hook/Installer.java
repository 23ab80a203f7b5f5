package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Installs leakgate's hook scripts into a repository: the script, the jar beside it, and a
 * class-data-sharing archive that makes every hook run start faster. Never overwrites someone
 * else's hook silently: it refuses, or with {@code chain} keeps it as {@code <hook>.chained},
 * which the script runs first.
 */
public final class Installer {
    /** The hooks leakgate can install. */
    public enum Hook {
        PRE_COMMIT("pre-commit"), PRE_PUSH("pre-push"), PRE_RECEIVE("pre-receive");

        private final String fileName;

        Hook(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    private static final String MARKER = "leakgate";

    private final List<String> notes = new ArrayList<>();

    /** What the installer did, for the person who ran it. */
    public List<String> notes() {
        return notes;
    }

    /**
     * @param repoDir  the repository (work tree or bare)
     * @param hooksDir where to put the script, or null for the repository's hooks directory
     * @param chain    keep an existing foreign hook and run it first
     */
    public Path install(Hook hook, Path repoDir, Path hooksDir, boolean chain) throws LeakgateException {
        Repository repo = open(repoDir);
        try {
            if (hook == Hook.PRE_RECEIVE && !repo.isBare()) {
                notes.add("note: " + repoDir + " has a work tree; pre-receive hooks run on the server's bare repository");
            }
            Path dir = hooksDir != null ? hooksDir : hooksDir(repo);
            Files.createDirectories(dir);
            Path target = dir.resolve(hook.fileName());
            if (Files.exists(target) && !isOurs(target)) {
                if (!chain) {
                    throw new LeakgateException(target + " already exists and is not leakgate's; rerun with "
                            + "--chain to keep it (it runs first, as " + hook.fileName() + ".chained), or move it away");
                }
                Path chained = dir.resolve(hook.fileName() + ".chained");
                Files.move(target, chained, StandardCopyOption.REPLACE_EXISTING);
                notes.add("kept the existing hook as " + chained + "; it runs before leakgate");
            }
            writeScript(hook, target);
            Path jar = installJar(dir);
            if (jar != null) {
                archiveClasses(hook, jar);
            }
            if (hook == Hook.PRE_RECEIVE) {
                StoredConfig config = repo.getConfig();
                config.setBoolean("receive", null, "advertisePushOptions", true);
                config.save();
                notes.add("set receive.advertisePushOptions=true so pushers can send -o leakgate.bypass=\"reason\"");
            }
            notes.add("installed " + target);
            return target;
        } catch (IOException e) {
            throw new LeakgateException("cannot install the " + hook.fileName() + " hook: " + e.getMessage(), e);
        } finally {
            repo.close();
        }
    }

    private static Repository open(Path dir) throws LeakgateException {
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
            Path dotGit = dir.resolve(".git");
            b.setGitDir(Files.exists(dotGit) ? dotGit.toFile() : dir.toFile());
            b.setup();
            return b.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new LeakgateException(dir + ": not a git repository");
        }
    }

    private static Path hooksDir(Repository repo) {
        String configured = repo.getConfig().getString("core", null, "hooksPath");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return p.isAbsolute() ? p : (repo.isBare() ? repo.getDirectory().toPath()
                    : repo.getWorkTree().toPath()).resolve(p);
        }
        return repo.getDirectory().toPath().resolve("hooks");
    }

    private static boolean isOurs(Path hook) throws IOException {
        String head = new String(Files.readAllBytes(hook), StandardCharsets.UTF_8);
        return head.lines().limit(3).anyMatch(l -> l.contains(MARKER) && l.startsWith("#"));
    }

    /** Writes the hook script {@code hook} from the jar to {@code target}, executable. */
    static void writeScript(Hook hook, Path target) throws IOException, LeakgateException {
        try (InputStream in = Installer.class.getClassLoader().getResourceAsStream("hooks/" + hook.fileName())) {
            if (in == null) {
                throw new LeakgateException("this build does not contain the " + hook.fileName() + " script");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            target.toFile().setExecutable(true);
        }
    }

    /** Copies the running jar beside the script, so the hook does not depend on where it came from. */
    private Path installJar(Path dir) throws IOException {
        Path running = runningJar();
        if (running == null) {
            notes.add("leakgate is not running from a jar: set LEAKGATE_JAR for the hook to find it");
            return null;
        }
        Path jar = dir.resolve("leakgate.jar");
        if (!Files.exists(jar) || !Files.isSameFile(jar, running)) {
            Files.copy(running, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /**
     * Records the classes a hook run loads into {@code leakgate.jsa} beside the jar: a rehearsal
     * of the hook on throw-away repositories lists them (see {@link Rehearsal}), then the JVM
     * dumps them, with the JDK's own, into one static class-data archive that the hook maps
     * instead of loading and verifying classes on every push or commit. (A static archive also
     * holds the lambda and method-handle forms the rehearsal used; it started the hook about 5%
     * sooner than a dynamic one here.)
     */
    private void archiveClasses(Hook hook, Path jar) {
        Path jsa = jar.resolveSibling("leakgate.jsa");
        Path list = jar.resolveSibling("leakgate.classlist");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.deleteIfExists(jsa);
            try (Rehearsal rehearsal = Rehearsal.run(hook, jar, java)) {
                StringBuilder classes = new StringBuilder();
                for (Path part : rehearsal.classLists()) {
                    if (Files.exists(part)) {
                        classes.append(Files.readString(part, StandardCharsets.UTF_8));
                    }
                }
                Files.writeString(list, classes, StandardCharsets.UTF_8);
            }
            boolean ok = Files.size(list) > 0
                    && run(new ProcessBuilder(java, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                    "-XX:SharedArchiveFile=" + jsa, "-XX:+UseSerialGC", "-Xlog:disable", "-cp", jar.toString()));
            if (ok && Files.exists(jsa)) {
                notes.add("wrote the class-data archive " + jsa + " (faster hook start-up)");
            } else {
                Files.deleteIfExists(jsa);
                notes.add("could not write a class-data archive; hooks will start a little slower");
            }
        } catch (IOException e) {
            notes.add("could not write a class-data archive (" + e.getMessage() + "); hooks will start a little slower");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
