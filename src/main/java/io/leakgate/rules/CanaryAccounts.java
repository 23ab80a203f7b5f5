package io.leakgate.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * AWS account ids known to belong to canary-token services: a key id that decodes to one of them
 * was planted to catch whoever uses it. The bundled list ({@code rules/canary-accounts.txt}) is
 * extended by a config's {@code canaryAwsAccounts}.
 */
public final class CanaryAccounts {
    static final String BUNDLED = "rules/canary-accounts.txt";

    private CanaryAccounts() {
    }

    /** True for a 12-digit AWS account id. */
    public static boolean isAccountId(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The accounts listed in the bundled data file: one 12-digit id a line, {@code #} comments. */
    public static Set<String> bundled() {
        Set<String> out = new LinkedHashSet<>();
        InputStream in = CanaryAccounts.class.getClassLoader().getResourceAsStream(BUNDLED);
        if (in == null) {
            return Set.of();
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String id = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (isAccountId(id)) {
                    out.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
