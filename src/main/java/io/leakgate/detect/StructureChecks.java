package io.leakgate.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/** Offline structure tests: a secret that cannot be what its rule says is dropped. */
final class StructureChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An Ed25519 key in PKCS#8 is 48 bytes, the smallest private key a PEM block holds. */
    private static final int MIN_PEM_BYTES = 40;

    private StructureChecks() {
    }

    /** A JWT: base64url header and payload that decode to JSON objects, the header naming an alg. */
    static boolean jwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length < 2) {
            return false;
        }
        JsonNode header = base64UrlJson(parts[0]);
        JsonNode payload = base64UrlJson(parts[1]);
        return header != null && header.isObject() && header.hasNonNull("alg")
                && payload != null && payload.isObject();
    }

    private static JsonNode base64UrlJson(String part) {
        try {
            String p = part.replace('+', '-').replace('/', '_');
            while (p.endsWith("=")) {
                p = p.substring(0, p.length() - 1);
            }
            byte[] bytes = Base64.getUrlDecoder().decode(p);
            if (bytes.length == 0 || bytes[0] != '{') {
                return null;
            }
            return JSON.readTree(bytes);
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    /**
     * A PEM block whose body (between the BEGIN and END lines, without RFC 1421 headers such as
     * {@code Proc-Type:}) is valid base64 of at least a small key's length. Bodies pasted into
     * strings may carry quotes and escaped newlines ({@code \n}); those are removed first.
     */
    static boolean pemBody(String block) {
        int begin = block.indexOf("-----BEGIN ");
        if (begin < 0) {
            return true;
        }
        int bodyStart = block.indexOf("-----", begin + 11);
        int end = block.indexOf("-----END ", bodyStart + 5);
        if (bodyStart < 0 || end < 0) {
            return false;
        }
        String body = block.substring(bodyStart + 5, end).replace("\\r", "\n").replace("\\n", "\n");
        StringBuilder b64 = new StringBuilder(body.length());
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (l.indexOf(':') >= 0) {
                continue;
            }
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c == '"' || c == '\'' || c == ' ' || c == '\t') {
                    continue;
                }
                b64.append(c);
            }
        }
        // PGP armour ends with a CRC-24 line: "=XXXX"
        String s = b64.toString();
        int crc = s.lastIndexOf('=');
        if (crc > 0 && crc + 5 == s.length() && s.charAt(crc - 1) != '=' && block.contains("PGP")) {
            s = s.substring(0, crc);
        }
        try {
            return Base64.getMimeDecoder().decode(s).length >= MIN_PEM_BYTES && strictBase64(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean strictBase64(String s) {
        int pad = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                pad++;
            } else if (pad > 0 || !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/')) {
                return false;
            }
        }
        return pad <= 2;
    }

    /** A WireGuard key: base64 of exactly 32 bytes. */
    static boolean wireguardKey(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
