package io.leakgate.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TranscoderTest {
    static final String TEXT = "$env:AWS = 'x'\r\n# caf\u00e9 \u20ac \uD83D\uDD11\n$key = \"AKIAYVP4CIPPOWONZTGT\"\n";
    static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private static String utf8(byte[] raw) {
        Transcoder.Text t = Transcoder.toUtf8(raw, raw.length);
        return new String(t.bytes(), 0, t.length(), StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String s, Charset cs) {
        return ("\uFEFF" + s).getBytes(cs);
    }

    @Test
    void utf16And32WithOrWithoutByteOrderMarkBecomeUtf8WithoutTheMark() {
        for (Charset cs : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, UTF_32LE, UTF_32BE}) {
            assertThat(utf8(withBom(TEXT, cs))).as(cs + " with BOM").isEqualTo(TEXT);
            assertThat(utf8(TEXT.getBytes(cs))).as(cs + " without BOM").isEqualTo(TEXT);
        }
    }

    @Test
    void utf8AndBinaryContentAreLeftAsTheyAre() {
        byte[] utf8 = TEXT.getBytes(StandardCharsets.UTF_8);
        assertThat(Transcoder.toUtf8(utf8, utf8.length).bytes()).isSameAs(utf8);
        // little-endian integers look like UTF-16 to a naive NUL count, but they are not text
        byte[] ints = new byte[64];
        for (int i = 0; i < ints.length; i += 2) {
            ints[i] = (byte) (i / 2);
        }
        assertThat(Transcoder.toUtf8(ints, ints.length).bytes()).isSameAs(ints);
        // a byte order mark followed by what is not UTF-16 (unpaired surrogates) is scanned as bytes
        byte[] fake = {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xDC, 'A', 0, 'K', 0};
        assertThat(Transcoder.toUtf8(fake, fake.length).bytes()).isSameAs(fake);
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] raw = Arrays.copyOf(withBom("AKIA", StandardCharsets.UTF_16LE), 64);
        assertThat(utf8(Arrays.copyOf(raw, 10)).length()).isEqualTo(4);
        Transcoder.Text t = Transcoder.toUtf8(raw, 10);
        assertThat(new String(t.bytes(), 0, t.length(), StandardCharsets.UTF_8)).isEqualTo("AKIA");
    }

    @Test
    void streamsAreTranscodedAcrossReadBoundaries() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            big.append(TEXT);
        }
        for (Charset cs : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, UTF_32LE, UTF_32BE}) {
            byte[] raw = withBom(big.toString(), cs);
            byte[] out = Transcoder.toUtf8(new ByteArrayInputStream(raw)).readAllBytes();
            assertThat(new String(out, StandardCharsets.UTF_8)).as(cs.name()).isEqualTo(big.toString());
        }
        byte[] plain = big.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Transcoder.toUtf8(new ByteArrayInputStream(plain)).readAllBytes()).isEqualTo(plain);
    }
}
