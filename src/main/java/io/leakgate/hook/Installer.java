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
    /** The launcher script's name, in hooks/ of the source tree and of the jar. */
    private static final String LAUNCHER = "leakgate";

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
            String format = repo.getConfig().getString("extensions", null, "objectformat");
            if (format != null && !format.equalsIgnoreCase("sha1")) {
                throw new LeakgateException(repoDir + ": a " + format + " repository: leakgate reads SHA-1 repositories "
                        + "only, so every push or commit would be refused (or let through unscanned, audited, with "
                        + "leakgate.onError=accept); not installed");
            }
            if (hook == Hook.PRE_RECEIVE && !repo.isBare()) {
                notes.add("note: " + repoDir + " has a work tree; pre-receive hooks run on the server's bare repository");
            }
            Path dir = hooksDir != null ? hooksDir : hooksDir(repo);
            if (hooksDir != null) {
                warnIfShadowing(hooksDir(repo), dir);
            }
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
                archiveClasses(java -> Rehearsal.run(hook, jar, java), jar, "-XX:+UseG1GC", "hooks");
            }
            if (hook == Hook.PRE_RECEIVE) {
                StoredConfig config = repo.getConfig();
                config.setBoolean("receive", null, "advertisePushOptions", true);
                config.save();
                notes.add("set receive.advertisePushOptions=true so pushers can send -o leakgate.bypass=\"reason\"");
            }
            if (jar != null && !repo.isBare()) {
                Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
                Path where = dir.toAbsolutePath().normalize();
                if (where.startsWith(top) && !where.startsWith(repo.getDirectory().toPath().toAbsolutePath().normalize())) {
                    // core.hooksPath inside the work tree (.husky/, .githooks/): a directory people commit.
                    notes.add("warning: " + where + " is inside the work tree: " + jar.getFileName() + " ("
                            + Files.size(jar) / (1 << 20) + " MiB) and its class-data archive were written there; "
                            + "add them to .gitignore rather than commit them");
                }
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
            if (Files.isRegularFile(dotGit)) {
                // A linked worktree or a submodule: ".git" is a file naming the git directory.
                b.setWorkTree(dir.toFile());
            } else {
                b.setGitDir(Files.exists(dotGit) ? dotGit.toFile() : dir.toFile());
            }
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
        // git runs a linked worktree's hooks from the common directory's hooks/.
        java.io.File common = repo.getCommonDirectory();
        return (common != null ? common : repo.getDirectory()).toPath().resolve("hooks");
    }

    /**
     * Installing elsewhere usually means pointing {@code core.hooksPath} there, which switches
     * off every hook in the repository's own directory: under gitolite, the {@code update} hook
     * that enforces who may push to which branch. Says so, naming them.
     */
    private void warnIfShadowing(Path own, Path elsewhere) throws IOException {
        if (!Files.isDirectory(own) || own.toAbsolutePath().normalize().equals(elsewhere.toAbsolutePath().normalize())) {
            return;
        }
        List<String> others = new ArrayList<>();
        try (java.util.stream.Stream<Path> list = Files.list(own)) {
            for (Path h : (Iterable<Path>) list.sorted()::iterator) {
                String name = h.getFileName().toString();
                if (!name.endsWith(".sample") && !name.startsWith("leakgate") && Files.isExecutable(h)
                        && !Files.isDirectory(h) && !(Files.isRegularFile(h) && isOurs(h))) {
                    others.add(name + (Files.isSymbolicLink(h) ? " -> " + Files.readSymbolicLink(h) : ""));
                }
            }
        }
        if (!others.isEmpty()) {
            notes.add("warning: " + own + " holds other hooks (" + String.join(", ", others) + "). Do not point "
                    + "core.hooksPath at " + elsewhere + ": that switches them off, and a hook manager such as "
                    + "gitolite enforces access in them. Link " + elsewhere + "/<hook> into " + own
                    + " instead (gitolite: its hooks/common, then `gitolite setup --hooks-only`).");
        }
    }

    private static boolean isOurs(Path hook) throws IOException {
        String head = new String(Files.readAllBytes(hook), StandardCharsets.UTF_8);
        return head.lines().limit(3).anyMatch(l -> l.contains(MARKER) && l.startsWith("#"));
    }

    /**
     * Installs the {@code leakgate} command into {@code dir} (a directory on PATH): the launcher
     * script, the jar beside it, and a class-data archive rehearsed from the commands run from a
     * shell or CI, which the launcher maps to start faster. Refuses to replace a {@code leakgate}
     * there that is not leakgate's launcher.
     */
    public Path installLauncher(Path into) throws LeakgateException {
        Path dir = into.toAbsolutePath().normalize();
        Path target = dir.resolve(LAUNCHER);
        try {
            Files.createDirectories(dir);
            if (Files.exists(target) && !isOurs(target)) {
                throw new LeakgateException(target + " already exists and is not leakgate's launcher; move it away or "
                        + "choose another --dir");
            }
            writeResource(LAUNCHER, target);
            Path jar = installJar(dir);
            if (jar != null) {
                archiveClasses(java -> Rehearsal.commands(target, jar, java), jar, "-XX:+UseSerialGC", "the leakgate command");
            } else {
                notes.add("not running from a jar: " + dir.resolve("leakgate.jar") + " must be put there by hand");
            }
            notes.add("installed " + target + (onPath(dir) ? "" : "; add " + dir + " to PATH to run it as 'leakgate'"));
            return target;
        } catch (IOException e) {
            throw new LeakgateException("cannot install the launcher into " + dir + ": " + e.getMessage(), e);
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

    /** Writes the hook script {@code hook} from the jar to {@code target}, executable. */
    static void writeScript(Hook hook, Path target) throws IOException, LeakgateException {
        writeResource(hook.fileName(), target);
    }

    private static void writeResource(String script, Path target) throws IOException, LeakgateException {
        try (InputStream in = Installer.class.getClassLoader().getResourceAsStream("hooks/" + script)) {
            if (in == null) {
                throw new LeakgateException("this build does not contain the " + script + " script");
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

    /** Starts a rehearsal, run by {@code java}, whose runs list the classes they load. */
    private interface RehearsalStart {
        Rehearsal start(String java) throws IOException, InterruptedException;
    }

    /**
     * Records the classes the runs of a rehearsal load into {@code leakgate.jsa} beside the jar
     * (see {@link Rehearsal}), then the JVM dumps them, with the JDK's own, into one static
     * class-data archive that the script maps instead of loading and verifying classes on every
     * start. (A static archive also holds the lambda and method-handle forms the rehearsal used;
     * it started the hook about 5% sooner than a dynamic one here.) {@code gc} is the collector
     * the script runs with: the hook scripts run G1, whose archive also holds heap objects (the
     * module graph, among others) that spare every start their set-up; the launcher runs the
     * serial collector.
     */
    private void archiveClasses(RehearsalStart rehearse, Path jar, String gc, String what) {
        Path jsa = jar.resolveSibling("leakgate.jsa");
        Path list = jar.resolveSibling("leakgate.classlist");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.deleteIfExists(jsa);
            try (Rehearsal rehearsal = rehearse.start(java)) {
                // Each line once: JDK 17's dump crashed on a list naming the same lambda proxy twice.
                java.util.Set<String> classes = new java.util.LinkedHashSet<>();
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
                notes.add("wrote the class-data archive " + jsa + " (faster start-up of " + what + ")");
            } else {
                Files.deleteIfExists(jsa);
                notes.add("could not write a class-data archive; " + what + " will start a little slower");
            }
        } catch (IOException e) {
            notes.add("could not write a class-data archive (" + e.getMessage() + "); " + what + " will start a little slower");
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
