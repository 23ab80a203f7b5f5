package io.leakgate.hook;

import io.leakgate.LeakgateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.QuotedString;

/**
 * The repository a hook runs in, opened from the environment git gives hooks: {@code GIT_DIR},
 * {@code GIT_OBJECT_DIRECTORY}, {@code GIT_ALTERNATE_OBJECT_DIRECTORIES} and, during a push,
 * {@code GIT_QUARANTINE_PATH} (where the pushed objects wait until the hook accepts them).
 * Nothing is ever written to the repository.
 */
public final class GitEnvironment implements AutoCloseable {
    private final Repository repository;
    private final Repository quarantine;

    private GitEnvironment(Repository repository, Repository quarantine) {
        this.repository = repository;
        this.quarantine = quarantine;
    }

    /**
     * Opens the repository of a hook.
     *
     * @param fallbackDir the repository directory to use when {@code GIT_DIR} is not set
     */
    public static GitEnvironment open(Map<String, String> env, Path cwd, Path fallbackDir) throws LeakgateException {
        String gitDirValue = env.get("GIT_DIR");
        Path gitDir = gitDirValue != null ? cwd.resolve(gitDirValue).normalize()
                : fallbackDir != null ? fallbackDir : cwd;
        gitDir = resolveGitDir(gitDir);
        rejectSha256(gitDir);
        locateSystemConfig(env);
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true);
            String objects = env.get("GIT_OBJECT_DIRECTORY");
            if (objects != null && !objects.isEmpty()) {
                b.setObjectDirectory(cwd.resolve(objects).toFile());
            }
            for (String alt : splitAlternates(env.get("GIT_ALTERNATE_OBJECT_DIRECTORIES"))) {
                b.addAlternateObjectDirectory(cwd.resolve(alt).toFile());
            }
            String index = env.get("GIT_INDEX_FILE");
            if (index != null && !index.isEmpty()) {
                b.setIndexFile(cwd.resolve(index).toFile());
            }
            Repository repo = b.build();
            Repository q = null;
            String quarantinePath = env.get("GIT_QUARANTINE_PATH");
            if (quarantinePath != null && !quarantinePath.isEmpty() && objects != null) {
                q = new FileRepositoryBuilder().setGitDir(gitDir.toFile())
                        .setObjectDirectory(cwd.resolve(objects).toFile()).setMustExist(true).build();
            }
            return new GitEnvironment(repo, q);
        } catch (IOException | IllegalArgumentException e) {
            throw new LeakgateException(gitDir + ": not a git repository (" + e.getMessage() + ")", e);
        }
    }

    /** A work tree's {@code .git} directory, or the directory itself for a bare repository. */
    private static Path resolveGitDir(Path dir) throws LeakgateException {
        Path dotGit = dir.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        if (Files.isRegularFile(dotGit)) {
            try {
                String line = Files.readString(dotGit).trim();
                if (line.startsWith("gitdir:")) {
                    return dir.resolve(line.substring(7).trim()).normalize();
                }
            } catch (IOException e) {
                throw new LeakgateException(dotGit + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"))) {
            return dir;
        }
        throw new LeakgateException(dir + ": not a git repository");
    }

    /**
     * Tells JGit where git's system config is, so it does not start {@code git --version} and
     * {@code git config --system --list} to find out: two processes on every hook run. Git reads
     * {@code $GIT_CONFIG_SYSTEM}, else {@code /etc/gitconfig} (distribution builds), unless
     * {@code GIT_CONFIG_NOSYSTEM} is set.
     */
    private static void locateSystemConfig(Map<String, String> env) {
        if (env.get("GIT_CONFIG_NOSYSTEM") != null) {
            return;
        }
        String explicit = env.get("GIT_CONFIG_SYSTEM");
        File system = explicit != null && !explicit.isEmpty() ? new File(explicit) : new File("/etc/gitconfig");
        FS.DETECTED.setGitSystemConfig(system);
    }

    private static void rejectSha256(Path gitDir) throws LeakgateException {
        FileBasedConfig config = new FileBasedConfig(gitDir.resolve("config").toFile(), FS.DETECTED);
        try {
            config.load();
        } catch (Exception e) {
            throw new LeakgateException(gitDir.resolve("config") + ": cannot read: " + e.getMessage(), e);
        }
        String format = config.getString("extensions", null, "objectformat");
        if (format != null && !format.toLowerCase(Locale.ROOT).equals("sha1")) {
            throw new LeakgateException(gitDir + ": " + format + " repositories are not supported "
                    + "(leakgate reads SHA-1 repositories only)");
        }
    }

    /**
     * Splits {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}: entries are separated by ':' and an entry
     * that starts with a double quote is C-quoted by git (so it may itself hold ':').
     */
    static List<String> splitAlternates(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        int i = 0;
        while (i <= value.length()) {
            if (i < value.length() && value.charAt(i) == '"') {
                int j = i + 1;
                while (j < value.length() && value.charAt(j) != '"') {
                    j += value.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(QuotedString.GIT_PATH.dequote(value.substring(i, Math.min(j + 1, value.length()))));
                i = j + 2;
            } else {
                int j = value.indexOf(File.pathSeparatorChar, i);
                if (j < 0) {
                    j = value.length();
                }
                if (j > i) {
                    out.add(value.substring(i, j));
                }
                i = j + 1;
            }
        }
        return out;
    }

    public Repository repository() {
        return repository;
    }

    /** Whether the hook runs inside git's push quarantine (git 2.13 and later). */
    public boolean inQuarantine() {
        return quarantine != null;
    }

    /** Whether an object arrived with this push (true when not running in a quarantine). */
    public boolean isNewObject(ObjectId id) {
        if (quarantine == null) {
            return true;
        }
        try {
            return quarantine.getObjectDatabase().has(id);
        } catch (IOException e) {
            // Unknown: treat it as new, so it is scanned rather than waved through.
            return true;
        }
    }

    @Override
    public void close() {
        repository.close();
        if (quarantine != null) {
            quarantine.close();
        }
    }
}
