package io.leakgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookMessagesTest {
    @Test
    void aLineToThePusherCannotForgeAnotherLineOrDriveTheTerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HookMessages messages = new HookMessages(err, Map.of("GL_ID", "user-1"));
        messages.line("leakgate: cannot read refs/heads/x\u001b]0;owned\u0007\nGL-HOOK-ERR: push accepted\r\u202Eok\u0085");
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("GL-HOOK-ERR: leakgate: cannot read refs/heads/x\\x1b]0;owned\\x07\\x0aGL-HOOK-ERR: "
                + "push accepted\\x0d\\u202eok\\x85" + System.lineSeparator());
    }
}
