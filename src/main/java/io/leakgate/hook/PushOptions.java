package io.leakgate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code git push -o} options git hands a pre-receive hook in its environment. */
public final class PushOptions {
    static final String BYPASS = "leakgate.bypass";

    private final List<String> options;

    public PushOptions(Map<String, String> env) {
        List<String> list = new ArrayList<>();
        String count = env.get("GIT_PUSH_OPTION_COUNT");
        int n = 0;
        try {
            n = count == null ? 0 : Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        for (int i = 0; i < n; i++) {
            String v = env.get("GIT_PUSH_OPTION_" + i);
            if (v != null) {
                list.add(v);
            }
        }
        this.options = List.copyOf(list);
    }

    /**
     * The reason given with {@code -o leakgate.bypass="reason"}, "" for a bare
     * {@code -o leakgate.bypass}, or null when no bypass was asked for.
     */
    public String bypassReason() {
        for (String o : options) {
            if (o.equals(BYPASS)) {
                return "";
            }
            if (o.startsWith(BYPASS + "=")) {
                String reason = o.substring(BYPASS.length() + 1).trim();
                if (reason.length() >= 2 && reason.startsWith("\"") && reason.endsWith("\"")) {
                    reason = reason.substring(1, reason.length() - 1);
                }
                return reason;
            }
        }
        return null;
    }
}
