package io.leakgate.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses sizes such as {@code 25MiB}, {@code 512k}, {@code 1G} or a plain byte count. */
final class ByteSize implements CommandLine.ITypeConverter<Long> {
    /**
     * gitleaks' {@code --max-target-megabytes}: N millions of bytes, or {@code otherwise} when it
     * is not given or 0 (gitleaks' "no limit"; leakgate keeps its limit, as a blob is scanned whole).
     */
    static long megabytes(Integer megabytes, long otherwise) throws io.leakgate.LeakgateException {
        if (megabytes == null || megabytes == 0) {
            return otherwise;
        }
        if (megabytes < 0) {
            throw new io.leakgate.LeakgateException("--max-target-megabytes " + megabytes + ": expected a positive number");
        }
        return megabytes * 1_000_000L;
    }

    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long factor = 1;
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"},
            {"kb", "1000"}, {"mb", "1000000"}, {"gb", "1000000000"},
            {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                factor = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            double n = Double.parseDouble(v);
            if (n < 0 || Double.isNaN(n)) {
                throw new NumberFormatException();
            }
            return (long) (n * factor);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size (examples: 25MiB, 512k, 1048576)");
        }
    }
}
