package io.leakgate.source.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.leakgate.LeakgateException;
import io.leakgate.detect.Detector;
import io.leakgate.detect.RuleIndex;
import io.leakgate.finding.Finding;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import io.leakgate.source.Target;
import io.leakgate.source.archive.EntryName;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A container image saved as a tar archive ({@code docker save}, OCI image layout). Emits every
 * file of every layer, in order and including files a later layer deletes, plus the image config
 * rendered as Dockerfile text; afterwards {@link #annotate} tells each finding which image, layer
 * and build step it belongs to, and whether the file is still visible in the running container.
 *
 * <p>Paths: files in layers are {@code <layer-id>:/etc/app.env} (the first 12 hex digits of the
 * layer's uncompressed digest), the config is {@code <image-id>:config/Env}, {@code config/Labels}
 * and {@code config/history}, whose findings are reported at their entry {@code config/history[N]}
 * (the image id as {@code docker images} shows it).
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
    /**
     * Layers read, by the archive entry they came from (by identity: an entry's equals compares
     * names, and copies share a name) and by the diff_id the config claims.
     */
    private final Map<TarArchiveEntry, Layer> byEntry = new IdentityHashMap<>();
    private final Map<String, List<Layer>> byDiffId = new HashMap<>();
    private final Map<TarArchiveEntry, String> blobDigests = new IdentityHashMap<>();
    /** Archive entries read as manifests, configs or layers; every other one is read afterwards. */
    private final Set<TarArchiveEntry> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
    /** How files of the archive itself are named: {@code app.tar:/notes.txt}. */
    private final String archiveName;
    /** False once the image-wide budget is spent: later layers are listed, not read. */
    private boolean more = true;

    /** A layer as scanned: where it sits in its image and what it holds. */
    private static final class Layer {
        final String id;
        final String digest;
        final int index;
        final Image image;
        final String createdBy;
        final Set<String> images = new LinkedHashSet<>();
        final LayerReader.Contents contents = new LayerReader.Contents();
        /** An earlier copy of an archive entry: extraction overwrites it with a later one. */
        boolean overwritten;

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
        Path name = archive.file().getFileName();
        this.archiveName = name == null || name.toString().equals("-") ? "stdin" : name.toString();
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
        LayerReader reader = new LayerReader(limits, budget, new InFlight(IN_FLIGHT_BYTES), sink, skipped);
        for (ImageManifests.ImageRef ref : refs) {
            List<TarArchiveEntry> copies = archive.copies(ref.configEntry());
            if (copies.isEmpty()) {
                throw new LeakgateException(archive.file() + ": image config " + ref.configEntry() + ": not in the archive");
            }
            for (TarArchiveEntry copy : copies) {
                byte[] configBytes;
                try {
                    configBytes = archive.read(copy, ref.configEntry(), ImageManifests.MAX_JSON);
                } catch (IOException e) {
                    throw new LeakgateException(archive.file() + ": image config " + ref.configEntry() + ": "
                            + e.getMessage());
                }
                String imageId = sha256(configBytes);
                Image image = configs.get(imageId.substring(0, 12));
                if (image == null) {
                    JsonNode node = manifests.parse(ref.configEntry(), configBytes);
                    image = new Image(ref.name() != null ? ref.name() : "sha256:" + imageId, imageId.substring(0, 12),
                            new ImageConfig(node));
                    configs.put(image.id, image);
                    ordinals.put(image.id, ordinals.size());
                    sink.accept(new ImageFileTarget(image.id + ":config/Env", utf8(image.config.env), null));
                    sink.accept(new ImageFileTarget(image.id + ":config/Labels", utf8(image.config.labels), null));
                    sink.accept(new ImageFileTarget(image.id + ":config/history", utf8(image.config.history), null));
                }
                // Another listing of a known image (manifest.json and index.json both name it) may
                // name other layers: each is still read, and a layer read before is not read again.
                boolean first = image.layers.isEmpty();
                for (int i = 0; i < ref.layers().size(); i++) {
                    layer(reader, image, i, ref.layers().size(), ref.layers().get(i), first);
                }
                consumed.add(copy);
            }
        }
        consumed.addAll(manifests.consumed());
        consumed.addAll(byEntry.keySet());
        for (OuterArchive.Stored stored : archive.files()) {
            if (!consumed.contains(stored.entry())) {
                unreferenced(reader, stored);
            }
        }
    }

    /**
     * An entry that no manifest names is still in the archive for anyone who extracts it: a tar
     * (plain or gzip) is read as a layer named by the digest of its bytes, anything else as a file
     * {@code <archive>:/name}.
     */
    private void unreferenced(LayerReader reader, OuterArchive.Stored stored) {
        byte[] head;
        try (InputStream in = archive.open(stored.entry())) {
            head = in.readNBytes(512);
        } catch (IOException e) {
            skipped.add(new Skipped(archiveName + ":/" + stored.name(), Skipped.Reason.UNREADABLE, -1, e.getMessage()));
            return;
        }
        boolean gzip = head.length > 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        boolean tar = head.length > 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
        if (gzip || tar) {
            String own = blobDigest(stored.entry());
            String digest = own == null ? "sha256:" + sha256(utf8(stored.name())) : "sha256:" + own;
            String id = idOf(digest);
            if (!layers.containsKey(id)) {
                Layer layer = new Layer(id, digest, -1, null, null);
                layers.put(id, layer);
                read(reader, layer, stored.entry(), id + ": not named by any image manifest (" + stored.name() + ")");
            }
            return;
        }
        try (InputStream in = archive.open(stored.entry())) {
            reader.loose(archiveName + ":/" + stored.name(), stored.name(), stored.entry().getSize(), in);
        } catch (IOException e) {
            skipped.add(new Skipped(archiveName + ":/" + stored.name(), Skipped.Reason.UNREADABLE, -1, e.getMessage()));
        }
    }

    /**
     * Reads every copy of one layer entry, the last (what extraction keeps) first. A copy that is
     * the same entry as, or byte for byte the same as, a layer already read with the same diff_id
     * is not read again; any other copy is read under the digest of its own bytes.
     */
    private void layer(LayerReader reader, Image image, int i, int total, ImageManifests.LayerRef lr, boolean inStack) {
        String claimed = i < image.config.diffIds.size() ? image.config.diffIds.get(i)
                : lr.blobDigest() != null ? lr.blobDigest() : "sha256:" + sha256(utf8(lr.entry()));
        String label = ": layer " + (i + 1) + "/" + total + " (" + EntryName.clean(lr.entry()) + ")";
        List<TarArchiveEntry> copies = archive.copies(lr.entry());
        if (copies.isEmpty()) {
            skipped.add(new Skipped(idOf(claimed) + label, Skipped.Reason.MISSING, -1, "layer is not in the archive"));
            return;
        }
        for (int k = copies.size() - 1; k >= 0; k--) {
            TarArchiveEntry copy = copies.get(k);
            boolean extracted = k == copies.size() - 1;
            Layer known = known(copy, claimed);
            if (known == null) {
                String digest = claimed;
                if (byDiffId.containsKey(claimed) || layers.containsKey(idOf(claimed))) {
                    String own = blobDigest(copy);
                    digest = own == null ? claimed + "~" + k : "sha256:" + own;
                }
                String id = idOf(digest);
                known = layers.get(id);
                if (known == null) {
                    ImageConfig.Step step = image.config.stepOfLayer(i);
                    known = new Layer(id, digest, i, image, step == null ? null : step.createdBy());
                    known.overwritten = !extracted;
                    layers.put(id, known);
                    byDiffId.computeIfAbsent(claimed, x -> new ArrayList<>()).add(known);
                    byEntry.put(copy, known);
                    read(reader, known, copy, id + label + (extracted ? "" : " (an earlier copy of this name)"));
                }
            }
            known.images.add(image.name);
            if (extracted && inStack) {
                image.layers.add(known);
            }
        }
    }

    /** A layer already read from the same entry, or from identical bytes under the same diff_id. */
    private Layer known(TarArchiveEntry copy, String claimed) {
        Layer same = byEntry.get(copy);
        if (same != null) {
            return same;
        }
        List<Layer> candidates = byDiffId.getOrDefault(claimed, List.of());
        if (candidates.isEmpty()) {
            return null;
        }
        String own = blobDigest(copy);
        for (Layer l : candidates) {
            for (Map.Entry<TarArchiveEntry, Layer> e : byEntry.entrySet()) {
                if (e.getValue() == l && own != null && own.equals(blobDigest(e.getKey()))) {
                    byEntry.put(copy, l);
                    return l;
                }
            }
        }
        return null;
    }

    private void read(LayerReader reader, Layer layer, TarArchiveEntry copy, String label) {
        if (!more) {
            skipped.add(new Skipped(label, Skipped.Reason.LIMIT, copy.getSize(),
                    "not read: the image's --max-unpacked-size is used up"));
            return;
        }
        try (InputStream in = archive.open(copy)) {
            more = reader.read(in, layer.id, label, layer.contents);
        } catch (IOException e) {
            skipped.add(new Skipped(label, Skipped.Reason.UNREADABLE, -1, e.getMessage()));
        }
    }

    /** The SHA-256 of an entry's bytes as stored, or null when they cannot be read. */
    private String blobDigest(TarArchiveEntry e) {
        return blobDigests.computeIfAbsent(e, x -> {
            try (InputStream in = archive.open(x)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (IOException | NoSuchAlgorithmException e2) {
                return null;
            }
        });
    }

    /** The first 12 hex digits of a digest, as {@code docker images} shows ids. */
    private static String idOf(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1).toLowerCase(java.util.Locale.ROOT);
        return hex.length() >= 12 && hex.matches("[0-9a-f]+") ? hex.substring(0, 12)
                : sha256(utf8(digest)).substring(0, 12);
    }

    /**
     * The result with image facts on each finding ({@code image}, {@code layer}, {@code createdBy},
     * {@code removedInLaterLayer} or {@code replacedInLaterLayer}) and the archive's own skipped
     * entries. Findings in the build history are located at their entry,
     * {@code <image-id>:config/history[N]} ({@code N} counts from 0, as in the config's
     * {@code history} array; lines count within the entry). {@code rules} finds the secrets in
     * each build step's command, which are masked wherever the command is shown.
     */
    public ScanResult annotate(ScanResult raw, RuleIndex rules) {
        Set<String> secrets = new HashSet<>();
        for (Finding f : raw.findings()) {
            if (f.secret().length() >= 4 && !f.tags().contains("credential-file")) {
                secrets.add(f.secret());
            }
        }
        Detector detector = new Detector(rules);
        Map<Layer, String> shown = new HashMap<>();
        List<Finding> out = new ArrayList<>(raw.findings().size());
        for (Finding f : raw.findings()) {
            int colon = f.path().indexOf(':');
            String prefix = colon > 0 ? f.path().substring(0, colon) : "";
            String inside = colon > 0 ? f.path().substring(colon + 1) : f.path();
            Map<String, String> facts = new LinkedHashMap<>();
            Layer layer = layers.get(prefix);
            Image image = configs.get(prefix);
            Finding located = f;
            if (layer != null && layer.image == null && inside.startsWith("/")) {
                facts.put("layer", layer.digest);
                facts.put("notInAnyImage", "true");
            } else if (layer != null && inside.startsWith("/")) {
                facts.put("image", String.join(", ", layer.images));
                facts.put("layer", layer.digest);
                facts.put("layerIndex", (layer.index + 1) + "/" + layer.image.layers.size());
                if (layer.createdBy != null) {
                    facts.put("createdBy", shown.computeIfAbsent(layer, l -> shown(l.createdBy, secrets, detector)));
                }
                String later = hiddenBy(layer, topPath(inside.substring(1)));
                if (later != null) {
                    facts.put(later, "true");
                }
                if (layer.overwritten) {
                    facts.put("overwrittenInArchive", "true");
                }
            } else if (prefix.equals(archiveName) && inside.startsWith("/")) {
                facts.put("notInAnyImage", "true");
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
                        located = atHistoryEntry(f, image, step);
                    }
                }
            }
            out.add(facts.isEmpty() ? located : located.withFacts(List.of(), facts));
        }
        out.sort(Comparator.comparingInt((Finding f) -> order(f.path()))
                .thenComparing(Finding::path).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
                .thenComparing(f -> f.rule().id()));
        List<Skipped> allSkipped = new ArrayList<>(raw.skipped());
        allSkipped.addAll(skipped);
        allSkipped.sort(Comparator.comparing(Skipped::path));
        return new ScanResult(out, allSkipped, raw.targets(), raw.bytes(), raw.nanos());
    }

    /** A finding of the rendered history moved to its entry: {@code config/history[N]}, lines within it. */
    private static Finding atHistoryEntry(Finding f, Image image, int step) {
        int first = 0;
        while (image.config.historyLineStep[first] != step) {
            first++;
        }
        Finding moved = f.withPath(image.id + ":config/history[" + step + "]");
        return new Finding(moved.rule(), moved.path(), f.line() - first, f.column(), f.endLine() - first,
                f.endColumn(), f.secret(), moved.fingerprint(), f.tags(), f.provenance(), f.attributes(), f.others());
    }

    /** Where a finding's path sorts: each image's config, then its layers bottom to top. */
    private int order(String path) {
        int colon = path.indexOf(':');
        String prefix = colon > 0 ? path.substring(0, colon) : "";
        Layer layer = layers.get(prefix);
        if (layer != null && layer.image != null) {
            return ordinals.getOrDefault(layer.image.id, 0) * 100_000 + layer.index + 1;
        }
        if (layer != null || prefix.equals(archiveName)) {
            return Integer.MAX_VALUE;
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
        int bang = inside.indexOf(io.leakgate.finding.Location.MEMBER_SEPARATOR);
        return bang < 0 ? inside : inside.substring(0, bang);
    }

    /**
     * The build step as shown next to a finding: what the detector finds in the command itself and
     * every secret found elsewhere masked (before whitespace is folded, so keys spanning lines
     * match), then shortened. The command is scanned under a neutral name, so rules that flag a
     * file name in Dockerfiles (COPY .netrc) do not mask names.
     */
    private static String shown(String createdBy, Set<String> secrets, Detector detector) {
        byte[] command = utf8(createdBy);
        Set<String> masked = new HashSet<>(secrets);
        for (Finding f : detector.scan(command, command.length, "created_by")) {
            if (!f.secret().isEmpty()) {
                masked.add(f.secret());
            }
        }
        String s = createdBy;
        for (String secret : masked.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            s = s.replace(secret, "****");
        }
        s = s.strip().replaceAll("\\s+", " ");
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
