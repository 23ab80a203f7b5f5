package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's own failures, in-process: what --verbose promises, and that a failure never passes a push. */
class PreReceiveTest {
    @TempDir
    Path dir;

    /** Standard input that fails as soon as it is read. */
    static InputStream failing(Throwable t) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (t instanceof IOException io) {
                    throw io;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
        };
    }

    String run(Throwable t, boolean verbose, int[] code) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PreReceive.Options options = new PreReceive.Options(null, null, null, null, null, null, Set.of(), null, verbose);
        code[0] = new PreReceive(Map.of("GIT_DIR", dir.toString()), dir,
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(failing(t), options);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anInternalErrorRejectsThePushAndVerbosePrintsItsStackTrace() {
        int[] code = new int[1];
        String out = run(new IllegalStateException("boom"), true, code);
        assertThat(code[0]).isEqualTo(PreReceive.ERROR);
        assertThat(out).contains("push rejected: the secret scan could not run: internal error: "
                + "java.lang.IllegalStateException: boom", "\tat io.leakgate.hook.PreReceiveTest");
    }

    @Test
    void aFatalErrorRejectsThePushAndVerbosePrintsItsStackTraceToo() {
        int[] code = new int[1];
        String out = run(new StackOverflowError("deep"), true, code);
        assertThat(code[0]).isEqualTo(PreReceive.ERROR);
        assertThat(out).contains("the secret scan failed unexpectedly", "java.lang.StackOverflowError: deep",
                "\tat io.leakgate.hook.PreReceiveTest");
    }

    @Test
    void withoutVerboseThePusherSeesNoStackTrace() {
        int[] code = new int[1];
        String out = run(new StackOverflowError("deep"), false, code);
        assertThat(code[0]).isEqualTo(PreReceive.ERROR);
        assertThat(out).contains("the secret scan failed unexpectedly").doesNotContain("\tat ");
    }
}
