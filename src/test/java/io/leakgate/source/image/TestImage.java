package io.leakgate.source.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds container image archives in tests, byte by byte, the way {@code docker save} and OCI
 * tools lay them out: layers are tars (optionally gzip-compressed), the config records Env,
 * Labels, history and the layers' uncompressed digests.
 */
public final class TestImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer's tar, built entry by entry. */
    public static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;
        private boolean gzip;
        private String createdBy = "/bin/sh -c #(nop) ADD file:4a1b2c in / ";

        public Layer() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        public Layer file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        public Layer file(String name, byte[] content) {
            try {
                TarArchiveEntry e = new TarArchiveEntry(name, true);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        public Layer symlink(String name, String target) {
            try {
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                e.setLinkName(target);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        public Layer gzip() {
            gzip = true;
            return this;
        }

        public Layer createdBy(String line) {
            createdBy = line;
            return this;
        }

        private byte[] finished;

        public byte[] tarBytes() {
            if (finished == null) {
                try {
                    tar.finish();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                finished = bytes.toByteArray();
            }
            return finished;
        }

        byte[] blob() {
            byte[] t = tarBytes();
            return gzip ? TestImage.gzip(t) : t;
        }
    }

    private final List<Layer> layers = new ArrayList<>();
    private final List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    private final List<String[]> labels = new ArrayList<>();
    private final List<String> emptySteps = new ArrayList<>();
    private String name = "acme/app:1.0";

    public TestImage layer(Layer l) {
        layers.add(l);
        return this;
    }

    public TestImage env(String keyValue) {
        env.add(keyValue);
        return this;
    }

    public TestImage label(String key, String value) {
        labels.add(new String[] {key, value});
        return this;
    }

    /** A history step that made no layer (ENV, ARG, LABEL…), recorded after the layers' steps. */
    public TestImage step(String createdBy) {
        emptySteps.add(createdBy);
        return this;
    }

    public TestImage name(String n) {
        name = n;
        return this;
    }

    public byte[] config() {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", "amd64");
        root.put("os", "linux");
        ObjectNode cfg = root.putObject("config");
        ArrayNode e = cfg.putArray("Env");
        env.forEach(e::add);
        ObjectNode l = cfg.putObject("Labels");
        labels.forEach(kv -> l.put(kv[0], kv[1]));
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diff = rootfs.putArray("diff_ids");
        ArrayNode history = root.putArray("history");
        for (Layer layer : layers) {
            diff.add("sha256:" + sha256(layer.tarBytes()));
            history.addObject().put("created", "2026-11-01T10:00:00Z").put("created_by", layer.createdBy);
        }
        for (String s : emptySteps) {
            history.addObject().put("created_by", s).put("empty_layer", true);
        }
        return bytes(root);
    }

    /** The legacy {@code docker save} layout: {@code <id>/layer.tar}, {@code <config>.json}, manifest.json. */
    public void writeDockerSave(Path out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] config = config();
            String configName = sha256(config) + ".json";
            ObjectNode m = JSON.createObjectNode();
            m.put("Config", configName);
            m.putArray("RepoTags").add(name);
            ArrayNode ls = m.putArray("Layers");
            int i = 0;
            for (Layer layer : layers) {
                String dir = sha256(("v1-" + i++).getBytes(StandardCharsets.UTF_8));
                put(tar, dir + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                put(tar, dir + "/layer.tar", layer.blob());
                ls.add(dir + "/layer.tar");
            }
            put(tar, configName, config);
            ArrayNode manifest = JSON.createArrayNode().add(m);
            put(tar, "manifest.json", bytes(manifest));
        }
    }

    /** The OCI image layout: oci-layout, index.json, blobs/sha256/… for manifest, config and layers. */
    public void writeOci(Path out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            byte[] config = config();
            put(tar, "blobs/sha256/" + sha256(config), config);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                    .put("digest", "sha256:" + sha256(config)).put("size", config.length);
            ArrayNode ls = manifest.putArray("layers");
            for (Layer layer : layers) {
                byte[] blob = layer.blob();
                put(tar, "blobs/sha256/" + sha256(blob), blob);
                ls.addObject().put("mediaType", layer.gzip ? "application/vnd.oci.image.layer.v1.tar+gzip"
                        : "application/vnd.oci.image.layer.v1.tar").put("digest", "sha256:" + sha256(blob))
                        .put("size", blob.length);
            }
            byte[] m = bytes(manifest);
            put(tar, "blobs/sha256/" + sha256(m), m);
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            ObjectNode d = index.putArray("manifests").addObject();
            d.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", "sha256:" + sha256(m))
                    .put("size", m.length);
            d.putObject("annotations").put("org.opencontainers.image.ref.name", name);
            d.putObject("platform").put("os", "linux").put("architecture", "amd64");
            put(tar, "index.json", bytes(index));
        }
    }

    public static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    public static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** A zip (or jar) holding the given name/content pairs. */
    public static byte[] zip(Object... nameThenContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) nameThenContent[i]));
                Object c = nameThenContent[i + 1];
                z.write(c instanceof byte[] b ? b : c.toString().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Sets the compression method of every entry of a zip, in local and central headers. */
    public static byte[] withMethod(byte[] zip, int method) {
        byte[] b = zip.clone();
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                b[i + 8] = (byte) method;
                b[i + 9] = (byte) (method >> 8);
            } else if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
                b[i + 10] = (byte) method;
                b[i + 11] = (byte) (method >> 8);
            }
        }
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
