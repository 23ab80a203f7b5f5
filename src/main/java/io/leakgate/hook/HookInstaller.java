package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Installs one of leakgate's hook scripts into a repository, with the jar beside it and a
 * class-data archive that makes every hook run start faster. Never overwrites someone else's hook
 * silently: it refuses, or with {@code chain} keeps it as {@code <hook>.chained}, which the script
 * runs first. (The {@code leakgate} command itself is installed by {@link LauncherInstaller}.)
 */
public final class HookInstaller {
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
            if (Files.exists(target) && !BundledScripts.isOurs(target)) {
                if (!chain) {
                    throw new LeakgateException(target + " already exists and is not leakgate's; rerun with "
                            + "--chain to keep it (it runs first, as " + hook.fileName() + ".chained), or move it away");
                }
                Path chained = dir.resolve(hook.fileName() + ".chained");
                Files.move(target, chained, StandardCopyOption.REPLACE_EXISTING);
                notes.add("kept the existing hook as " + chained + "; it runs before leakgate");
            }
            BundledScripts.write(hook.fileName(), target);
            Path jar = RunningJar.copyInto(dir);
            if (jar == null) {
                notes.add("leakgate is not running from a jar: set LEAKGATE_JAR for the hook to find it");
            } else {
                String note = ClassDataArchive.write(java -> Rehearsal.run(hook, jar, java), jar, "-XX:+UseG1GC", "hooks");
                if (note != null) {
                    notes.add(note);
                }
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
                        && !Files.isDirectory(h) && !(Files.isRegularFile(h) && BundledScripts.isOurs(h))) {
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
}
