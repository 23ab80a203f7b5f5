package io.leakgate.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

class DeltaTest {
    private static final byte[] BASE = "hello, world\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void copiesAndInsertsAsTheInstructionsSay() throws Exception {
        // copy "hello" (offset 0, 5 bytes), insert "!", copy "\n" (offset 12, 1 byte)
        byte[] delta = bytes(13, 7, 0x90, 5, 1, '!', 0x91, 12, 1);

        assertThat(new String(Delta.apply(BASE, delta, 100), StandardCharsets.UTF_8)).isEqualTo("hello!\n");
    }

    @Test
    void aResultOverTheLimitIsNullNotAnAllocation() throws Exception {
        // result size 2^40, in six 7-bit groups
        byte[] delta = bytes(13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20);

        assertThat(Delta.apply(BASE, delta, 1 << 20)).isNull();
    }

    @Test
    void damagedInstructionsAreADataFormatErrorNamingTheDamage() {
        assertDamaged(bytes(13, 13, 0x91, 8, 13), "copies outside its base");
        assertDamaged(bytes(13, 3, 0x90, 5), "copies outside its base or result");
        assertDamaged(bytes(13, 1, 0, 1, 'x'), "reserved instruction");
        assertDamaged(bytes(13, 20, 0x90, 5), "result is 5 bytes, expected 20");
        assertDamaged(bytes(14, 13, 0x90, 13), "expects a base of 14 bytes, got 13");
        assertDamaged(bytes(13, 13, 0x9f, 0), "ends inside an instruction");
        assertDamaged(bytes(13, 13, 5, 'a', 'b'), "inserts past its end");
        assertDamaged(bytes(13), "ends inside its result size");
        assertDamaged(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 13), "does not fit in 64 bits");
    }

    private static void assertDamaged(byte[] delta, String message) {
        assertThatThrownBy(() -> Delta.apply(BASE, delta, 1 << 20)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(message);
    }
}
