package io.leakgate.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

public class ContentKindTest {
    public static final byte[] ENV = "AWS_ACCESS_KEY_ID=AKIAYVP4CIPPOWONZTGT\n".getBytes(StandardCharsets.US_ASCII);

    /** A real image in {@code format} ("png", "gif", "jpg"), as an encoder writes it. */
    public static byte[] image(String format) throws IOException {
        BufferedImage img = new BufferedImage(16, 8, format.equals("gif")
                ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            img.setRGB(x, x % 8, 0x336699 * (x + 1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String kind(byte[] b) {
        return ContentKind.mediaFormat(b, b.length);
    }

    private static String kind(String s) {
        return kind(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void realImagesAreMedia() throws IOException {
        assertThat(kind(image("png"))).isEqualTo("png");
        assertThat(kind(image("gif"))).isEqualTo("gif");
        assertThat(kind(image("jpg"))).isEqualTo("jpeg");
    }

    @Test
    void anImageFollowedByAnEnvFileIsNotMedia() throws IOException {
        for (String format : new String[] {"png", "gif", "jpg"}) {
            assertThat(kind(concat(image(format), ENV))).as(format).isNull();
        }
    }

    @Test
    void aTruncatedImageIsNotMedia() throws IOException {
        for (String format : new String[] {"png", "gif", "jpg"}) {
            byte[] img = image(format);
            assertThat(kind(Arrays.copyOf(img, img.length - 3))).as(format).isNull();
        }
    }

    @Test
    void aMagicNumberFollowedByTextIsNotMedia() {
        assertThat(kind(concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, ENV))).isNull();
        assertThat(kind("GIF89a_TOKEN=" + new String(ENV, StandardCharsets.US_ASCII))).isNull();
        assertThat(kind("GIF8\n" + new String(ENV, StandardCharsets.US_ASCII))).isNull();
        assertThat(kind("\u00ff\u00d8\u00ff\u00e0" + new String(ENV, StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void textThatStartsLikeAFontOrAudioOrVideoIsNotMedia() {
        String env = new String(ENV, StandardCharsets.US_ASCII);
        for (String prefix : new String[] {"OTTO_REGION=eu\n", "ID3_URL=x\n", "OggS=1\n", "fLaC=1\n", "wOFF=1\n",
            "RIFF0000WEBP\n", "II*\u0000\n", "MM\u0000*\n", "abcdftypisom\n", "\u00ff\u00fb\n", "\u0000\u0001\u0000\u0000\u0000\n",
            "\u0000\u0000\u0001\u0000\u0001\n"}) {
            assertThat(kind(prefix + env)).as(prefix).isNull();
        }
    }

    @Test
    void aPngWithATextChunkIsScanned() throws IOException {
        byte[] png = image("png");
        // insert a tEXt chunk right after IHDR (8 signature + 25 IHDR bytes)
        byte[] data = concat("Comment\0".getBytes(StandardCharsets.US_ASCII), ENV);
        byte[] chunk = new byte[12 + data.length];
        chunk[3] = (byte) data.length;
        System.arraycopy("tEXt".getBytes(StandardCharsets.US_ASCII), 0, chunk, 4, 4);
        System.arraycopy(data, 0, chunk, 8, data.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk, 4, 4 + data.length);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            chunk[8 + data.length + i] = (byte) (c >>> (24 - 8 * i));
        }
        byte[] withText = concat(concat(Arrays.copyOf(png, 33), chunk), Arrays.copyOfRange(png, 33, png.length));
        assertThat(kind(withText)).isNull();
    }
}
