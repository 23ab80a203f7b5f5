package io.leakgate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** leakgate's version, as stamped into the jar by the build. */
public final class Version {
    private Version() {
    }

    public static String get() {
        String v = property("version");
        return v != null ? v : "dev";
    }

    /** The project's web page (the POM's {@code <url>}), or null when the build names none. */
    public static String homepage() {
        return property("homepage");
    }

    private static String property(String name) {
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream("leakgate-version.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String value = p.getProperty(name);
            // An unset POM property is left unexpanded by resource filtering.
            return value == null || value.isBlank() || value.startsWith("${") ? null : value.strip();
        } catch (IOException e) {
            return null;
        }
    }
}
