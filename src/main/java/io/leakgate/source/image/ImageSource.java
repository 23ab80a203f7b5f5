package io.leakgate.source.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakgate.LeakgateException;
import io.leakgate.detect.Finding;
import io.leakgate.detect.ScanResult;
import io.leakgate.detect.Skipped;
import io.leakgate.source.Target;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container image saved as a tar archive ({@code docker save}, OCI image layout). Emits every
 * file of every layer, in order and including files a later layer deletes, plus the image config
 * rendered as Dockerfile text; afterwards {@link #annotate} tells each finding which image, layer
 * and build step it belongs to, and whether the file is still visible in the running container.
 *
 * <p>Paths: files in layers are {@code <layer-id>:/etc/app.env} (the first 12 hex digits of the
 * layer's uncompressed digest), the config is {@code <image-id>:config/Env}, {@code config/Labels}
 * and {@code config/history} (the image id as {@code docker images} shows it).
 */
public final class ImageSource implements Closeable {
    private static final long IN_FLIGHT_BYTES = 256L << 20;
    private static final int CREATED_BY_SHOWN = 160;

    private final OuterArchive archive;
    private final ImageLimits limits;
    private final Unpacked budget;
    private final List<Skipped> skipped = new ArrayList<>();
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final Map<String, Image> configs = new HashMap<>();
    /** Images in the order the archive lists them, by id. */
    private final Map<String, Integer> ordinals = new HashMap<>();

    /** A layer as scanned: where it sits in its image and what it holds. */
    private static final class Layer {
        final String id;
        final String digest;
        final int index;
        final Image image;
        final String createdBy;
        final Set<String> images = new LinkedHashSet<>();
        final LayerReader.Contents contents = new LayerReader.Contents();

        Layer(String id, String digest, int index, Image image, String createdBy) {
            this.id = id;
            this.digest = digest;
            this.index = index;
            this.image = image;
            this.createdBy = createdBy;
        }
    }

    /** An image of the archive, with its layers in order. */
    private static final class Image {
        final String name;
        final String id;
        final ImageConfig config;
        final List<Layer> layers = new ArrayList<>();

        Image(String name, String id, ImageConfig config) {
            this.name = name;
            this.id = id;
            this.config = config;
        }
    }

    private ImageSource(OuterArchive archive, ImageLimits limits, Unpacked budget) {
        this.archive = archive;
        this.limits = limits;
        this.budget = budget;
    }

    /** Opens the archive; a missing or unreadable file is a {@link LeakgateException}. */
    public static ImageSource open(Path file, ImageLimits limits) throws LeakgateException {
        Unpacked budget = new Unpacked(limits.maxUnpacked());
        return new ImageSource(OuterArchive.open(file, limits), limits, budget);
    }

    /**
     * Reads an archive from a stream, such as {@code docker save app | leakgate image -}; it is kept
     * in a temporary file (counted against {@link ImageLimits#maxUnpacked()}) until closed.
     */
    public static ImageSource read(InputStream in, String name, ImageLimits limits) throws LeakgateException {
        Unpacked budget = new Unpacked(limits.maxUnpacked());
        return new ImageSource(OuterArchive.read(in, Path.of(name), limits), limits, budget);
    }

    /** Emits the config and every layer file of every image in the archive. */
    public void produce(Consumer<Target> sink) throws LeakgateException {
        ImageManifests manifests = new ImageManifests(archive);
        List<ImageManifests.ImageRef> refs = manifests.read();
        for (String problem : manifests.problems()) {
            skipped.add(new Skipped(archive.file().getFileName().toString(), Skipped.Reason.MISSING, -1, problem));
        }
        InFlight inFlight = new InFlight(IN_FLIGHT_BYTES);
        LayerReader reader = new LayerReader(limits, budget, inFlight, sink, skipped);
        boolean more = true;
        for (ImageManifests.ImageRef ref : refs) {
            byte[] configBytes;
            try {
                configBytes = archive.read(ref.configEntry(), ImageManifests.MAX_JSON);
            } catch (IOException e) {
                throw new LeakgateException(archive.file() + ": image config " + ref.configEntry() + ": " + e.getMessage());
            }
            String imageId = sha256(configBytes);
            if (configs.containsKey(imageId.substring(0, 12))) {
                continue;
            }
            JsonNode node = manifests.parse(ref.configEntry(), configBytes);
            Image image = new Image(ref.name() != null ? ref.name() : "sha256:" + imageId, imageId.substring(0, 12),
                    new ImageConfig(node));
            configs.put(image.id, image);
            ordinals.put(image.id, ordinals.size());
            sink.accept(new ImageFileTarget(image.id + ":config/Env", utf8(image.config.env), null));
            sink.accept(new ImageFileTarget(image.id + ":config/Labels", utf8(image.config.labels), null));
            sink.accept(new ImageFileTarget(image.id + ":config/history", utf8(image.config.history), null));
            for (int i = 0; i < ref.layers().size(); i++) {
                ImageManifests.LayerRef lr = ref.layers().get(i);
                String digest = i < image.config.diffIds.size() ? image.config.diffIds.get(i)
                        : lr.blobDigest() != null ? lr.blobDigest() : "sha256:" + sha256(utf8(lr.entry()));
                String hex = digest.substring(digest.indexOf(':') + 1).toLowerCase(java.util.Locale.ROOT);
                String id = hex.length() >= 12 && hex.matches("[0-9a-f]+") ? hex.substring(0, 12)
                        : sha256(utf8(digest)).substring(0, 12);
                Layer known = layers.get(id);
                if (known != null) {
                    known.images.add(image.name);
                    image.layers.add(known);
                    continue;
                }
                ImageConfig.Step step = image.config.stepOfLayer(i);
                Layer layer = new Layer(id, digest, i, image, step == null ? null : step.createdBy());
                layer.images.add(image.name);
                layers.put(id, layer);
                image.layers.add(layer);
                String label = id + ": layer " + (i + 1) + "/" + ref.layers().size() + " (" + EntryName.clean(lr.entry()) + ")";
                if (!more) {
                    skipped.add(new Skipped(label, Skipped.Reason.LIMIT, archive.size(lr.entry()),
                            "not read: the image's --max-unpacked-size is used up"));
                    continue;
                }
                if (!archive.has(lr.entry())) {
                    skipped.add(new Skipped(label, Skipped.Reason.MISSING, -1, "layer is not in the archive"));
                    continue;
                }
                try (InputStream in = archive.open(lr.entry())) {
                    more = reader.read(in, id, label, layer.contents);
                } catch (IOException e) {
                    skipped.add(new Skipped(label, Skipped.Reason.UNREADABLE, -1, e.getMessage()));
                }
            }
        }
    }

    /**
     * The result with image facts on each finding ({@code image}, {@code layer}, {@code createdBy},
     * {@code removedInLaterLayer} or {@code replacedInLaterLayer}) and the archive's own skipped entries.
     */
    public ScanResult annotate(ScanResult raw) {
        Set<String> secrets = new HashSet<>();
        for (Finding f : raw.findings()) {
            if (f.secret().length() >= 4 && !f.tags().contains("credential-file")) {
                secrets.add(f.secret());
            }
        }
        List<Finding> out = new ArrayList<>(raw.findings().size());
        for (Finding f : raw.findings()) {
            int colon = f.path().indexOf(':');
            String prefix = colon > 0 ? f.path().substring(0, colon) : "";
            String inside = colon > 0 ? f.path().substring(colon + 1) : f.path();
            Map<String, String> facts = new LinkedHashMap<>();
            Layer layer = layers.get(prefix);
            Image image = configs.get(prefix);
            if (layer != null && inside.startsWith("/")) {
                facts.put("image", String.join(", ", layer.images));
                facts.put("layer", layer.digest);
                facts.put("layerIndex", (layer.index + 1) + "/" + layer.image.layers.size());
                if (layer.createdBy != null) {
                    facts.put("createdBy", shown(layer.createdBy, secrets));
                }
                String later = hiddenBy(layer, topPath(inside.substring(1)));
                if (later != null) {
                    facts.put(later, "true");
                }
            } else if (image != null) {
                facts.put("image", image.name);
                if (inside.equals("config/history")) {
                    int line = f.line() - 1;
                    if (line >= 0 && line < image.config.historyLineStep.length) {
                        int step = image.config.historyLineStep[line];
                        facts.put("step", (step + 1) + "/" + image.config.steps.size());
                        int li = image.config.steps.get(step).layer();
                        if (li >= 0 && li < image.layers.size()) {
                            facts.put("layer", image.layers.get(li).digest);
                        }
                    }
                }
            }
            out.add(facts.isEmpty() ? f : f.withFacts(List.of(), facts));
        }
        out.sort(Comparator.comparingInt((Finding f) -> order(f.path()))
                .thenComparing(Finding::path).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
                .thenComparing(f -> f.rule().id()));
        List<Skipped> allSkipped = new ArrayList<>(raw.skipped());
        allSkipped.addAll(skipped);
        allSkipped.sort(Comparator.comparing(Skipped::path));
        return new ScanResult(out, allSkipped, raw.targets(), raw.bytes(), raw.nanos());
    }

    /** Where a finding's path sorts: each image's config, then its layers bottom to top. */
    private int order(String path) {
        int colon = path.indexOf(':');
        String prefix = colon > 0 ? path.substring(0, colon) : "";
        Layer layer = layers.get(prefix);
        if (layer != null) {
            return ordinals.getOrDefault(layer.image.id, 0) * 100_000 + layer.index + 1;
        }
        return ordinals.getOrDefault(prefix, 0) * 100_000;
    }

    /** "removedInLaterLayer" or "replacedInLaterLayer" when a layer above hides the file, else null. */
    private static String hiddenBy(Layer layer, String path) {
        List<Layer> stack = layer.image.layers;
        boolean replaced = false;
        for (int j = layer.index + 1; j < stack.size(); j++) {
            LayerReader.Contents c = stack.get(j).contents;
            if (c.whiteouts.contains(path)) {
                return "removedInLaterLayer";
            }
            for (String dir = EntryName.parent(path); ; dir = EntryName.parent(dir)) {
                if (c.whiteouts.contains(dir) && !dir.isEmpty() || c.opaqueDirs.contains(dir)) {
                    return "removedInLaterLayer";
                }
                if (dir.isEmpty()) {
                    break;
                }
            }
            replaced |= c.entries.contains(path);
        }
        return replaced ? "replacedInLaterLayer" : null;
    }

    /** A path inside a nested archive ({@code app.jar!/x}) is hidden when the archive is. */
    private static String topPath(String inside) {
        int bang = inside.indexOf("!/");
        return bang < 0 ? inside : inside.substring(0, bang);
    }

    /** The build step as shown next to a finding: shortened, and with every found secret masked. */
    private static String shown(String createdBy, Set<String> secrets) {
        String s = createdBy.strip().replaceAll("\\s+", " ");
        for (String secret : secrets) {
            s = s.replace(secret, "****");
        }
        return s.length() > CREATED_BY_SHOWN ? s.substring(0, CREATED_BY_SHOWN) + "…" : s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }
}
