package io.leakgate.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS account ids known to belong to canary-token services: a key id that decodes to one of them
 * was planted to catch whoever uses it. The bundled list ({@code rules/canary-accounts.txt}) is
 * extended by a config's {@code canaryAwsAccounts}.
 */
public final class CanaryAccounts {
    static final String BUNDLED = "rules/canary-accounts.txt";
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private CanaryAccounts() {
    }

    /** True for a 12-digit AWS account id. */
    public static boolean isAccountId(String s) {
        return ACCOUNT.matcher(s).matches();
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
