package io.leakgate.source.image;

import io.leakgate.source.archive.EntryName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakgate.LeakgateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Finds the images in an archive: {@code manifest.json} as {@code docker save} writes it, else the
 * OCI layout's {@code index.json} (nested indexes and multi-platform lists included).
 */
final class ImageManifests {
    /** Manifests and configs are small; anything larger is not one. */
    static final long MAX_JSON = 16L << 20;
    private static final int MAX_INDEX_DEPTH = 4;
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{16,256}");

    /** One image: its name, the entry holding its config, and its layers bottom to top. */
    record ImageRef(String name, String configEntry, List<LayerRef> layers) {
    }

    /** One layer: the entry holding it and, in OCI layouts, its blob digest. */
    record LayerRef(String entry, String blobDigest) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final OuterArchive archive;
    private final List<String> problems = new ArrayList<>();
    /** The entries read as manifests and indexes (by identity: copies share a name). */
    private final Set<TarArchiveEntry> consumed = Collections.newSetFromMap(new IdentityHashMap<>());

    ImageManifests(OuterArchive archive) {
        this.archive = archive;
    }

    /** Things that could not be followed (missing blobs of other platforms), for the report. */
    List<String> problems() {
        return problems;
    }

    /**
     * The images of every {@code manifest.json} and {@code index.json} in the archive (every copy
     * of each): {@code docker save} writes both, and a crafted archive may make them disagree, so
     * the union is read; the same config or layer named twice is read once.
     */
    /** The archive entries read as manifests or indexes. */
    Set<TarArchiveEntry> consumed() {
        return consumed;
    }

    List<ImageRef> read() throws LeakgateException {
        List<ImageRef> images = new ArrayList<>();
        List<TarArchiveEntry> manifests = archive.copies("manifest.json");
        List<TarArchiveEntry> indexes = archive.copies("index.json");
        if (manifests.isEmpty() && indexes.isEmpty()) {
            throw new LeakgateException(archive.file() + ": not a container image archive (neither manifest.json"
                    + " nor index.json found; expected 'docker save' output or an OCI image layout)");
        }
        for (TarArchiveEntry copy : manifests) {
            JsonNode root = parse("manifest.json", copy);
            if (!root.isArray()) {
                throw invalid("manifest.json", "expected a list of images");
            }
            for (JsonNode m : root) {
                String config = text(m, "Config");
                if (config == null) {
                    throw invalid("manifest.json", "an image has no \"Config\"");
                }
                List<LayerRef> layers = new ArrayList<>();
                for (JsonNode l : m.path("Layers")) {
                    layers.add(new LayerRef(l.asText(), digestOfBlobPath(l.asText())));
                }
                String name = m.path("RepoTags").isArray() && !m.path("RepoTags").isEmpty()
                        ? m.path("RepoTags").get(0).asText() : null;
                images.add(new ImageRef(name, config, layers));
            }
        }
        for (TarArchiveEntry copy : indexes) {
            index(parse("index.json", copy), null, 0, images);
        }
        if (images.isEmpty()) {
            throw new LeakgateException(archive.file() + ": the archive lists no image");
        }
        return images;
    }

    private void index(JsonNode index, String name, int depth, List<ImageRef> images) throws LeakgateException {
        if (depth > MAX_INDEX_DEPTH) {
            problems.add("image indexes nested deeper than " + MAX_INDEX_DEPTH + " levels were not followed");
            return;
        }
        for (JsonNode d : index.path("manifests")) {
            String digest = text(d, "digest");
            String media = d.path("mediaType").asText("");
            String ref = firstText(d.path("annotations"), "io.containerd.image.name",
                    "org.opencontainers.image.ref.name");
            String here = ref != null ? ref : name;
            String blob = blobPath(digest);
            if (blob == null) {
                throw invalid("index.json", "invalid digest " + quote(digest));
            }
            List<TarArchiveEntry> copies = archive.copies(blob);
            if (copies.isEmpty()) {
                problems.add("manifest " + digest + (platform(d) != null ? " (" + platform(d) + ")" : "")
                        + " is not in the archive");
                continue;
            }
            for (TarArchiveEntry copy : copies) {
                manifest(parse(blob, copy), blob, media, here, depth, images);
            }
        }
    }

    /** One manifest blob: an image, or an index listing more. */
    private void manifest(JsonNode node, String blob, String media, String here, int depth, List<ImageRef> images)
            throws LeakgateException {
        if (media.contains("index") || media.contains("manifest.list") || node.has("manifests")) {
            index(node, here, depth + 1, images);
            return;
        }
        String config = blobPath(text(node.path("config"), "digest"));
        if (config == null) {
            throw invalid(blob, "image manifest without a valid config digest");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (JsonNode l : node.path("layers")) {
            String ld = text(l, "digest");
            String path = blobPath(ld);
            if (path == null) {
                throw invalid(blob, "invalid layer digest " + quote(ld));
            }
            layers.add(new LayerRef(path, ld));
        }
        images.add(new ImageRef(here, config, layers));
    }

    private static String platform(JsonNode descriptor) {
        JsonNode p = descriptor.path("platform");
        return p.has("os") ? p.path("os").asText() + "/" + p.path("architecture").asText() : null;
    }

    private JsonNode parse(String entry, TarArchiveEntry copy) throws LeakgateException {
        consumed.add(copy);
        try {
            return parse(entry, archive.read(copy, entry, MAX_JSON));
        } catch (IOException e) {
            throw invalid(entry, e.getMessage());
        }
    }

    JsonNode parse(String entry, byte[] content) throws LeakgateException {
        try {
            return json.readTree(content);
        } catch (IOException e) {
            throw invalid(entry, e.getMessage());
        }
    }

    /** {@code sha256:abc…} becomes {@code blobs/sha256/abc…}; null when it is no digest. */
    static String blobPath(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            return null;
        }
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }

    private static String digestOfBlobPath(String path) {
        String p = EntryName.clean(path);
        if (p.startsWith("blobs/") && p.indexOf('/', 6) > 0) {
            int slash = p.indexOf('/', 6);
            return p.substring(6, slash) + ":" + p.substring(slash + 1);
        }
        return null;
    }

    private LeakgateException invalid(String entry, String why) {
        return new LeakgateException(archive.file() + ": " + entry + ": " + why);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String t = text(n, f);
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return null;
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + s + "'";
    }
}
