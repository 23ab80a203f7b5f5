package io.leakgate.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** leakgate's version, as stamped into the jar by the build. */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream("leakgate-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
