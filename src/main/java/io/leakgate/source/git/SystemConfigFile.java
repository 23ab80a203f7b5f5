package io.leakgate.source.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Finds git's system-wide config file the way git does, without asking git. JGit finds it by
 * running {@code git --version} and {@code git config --system --show-origin --list}: two
 * processes that a cold JVM waits for before a scan can start, a large part of a small
 * repository's whole scan. Git reads {@code $GIT_CONFIG_SYSTEM} if set, nothing if
 * {@code GIT_CONFIG_NOSYSTEM} is set, and otherwise the file its build names, which is
 * {@code /etc/gitconfig} for the git that distributions ship. A git built with another prefix
 * ({@code /usr/local/etc/gitconfig}) keeps its system settings unread here; a history scan
 * reads packs itself and takes nothing from them that changes what it finds.
 */
final class SystemConfigFile extends SystemReader.Delegate {
    private static final String DEFAULT = "/etc/gitconfig";

    private SystemConfigFile(SystemReader delegate) {
        super(delegate);
    }

    /** Makes JGit, process-wide, find the system config without running git. Idempotent. */
    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof SystemConfigFile)) {
            SystemReader.setInstance(new SystemConfigFile(current));
        }
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        File file = location(getenv("GIT_CONFIG_NOSYSTEM"), getenv("GIT_CONFIG_SYSTEM"));
        if (file == null) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // no system config: nothing to read
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
        return new FileBasedConfig(parent, file, fs);
    }

    /** The system config git would read, or null for none. */
    static File location(String noSystem, String system) {
        if (noSystem != null && !noSystem.isEmpty() && !isFalse(noSystem)) {
            return null;
        }
        if (system != null && !system.isEmpty()) {
            return new File(system);
        }
        return new File(DEFAULT);
    }

    private static boolean isFalse(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("0") || v.equals("false") || v.equals("no") || v.equals("off");
    }
}
