package dev.minidocker.image.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.image.layer.TarSplitAssembler;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.image.store.TempDirs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code save}: writes images as ONE archive that is both an OCI image layout (oci-layout,
 * index.json, blobs/) and a Docker archive (manifest.json pointing into blobs/), as Docker 25+
 * does. Layer tars are rebuilt from the extracted directories: exactly, from the tar-split the
 * store keeps for each layer; a layer stored without one gets the layer writer's tar, which
 * hashes differently, so the config's diff_ids are rewritten to match (the saved image id then
 * differs from the stored one). The archive is
 * written to a temp file and renamed into place: never half-written.
 */
public final class ImageSaver {
    private final ImageStore store;
    private final LayerTarWriter layerWriter;

    /** The saver `save` uses: layers are written back in OCI form by {@link LayerTarWriter}. */
    public static ImageSaver forOverlayLayers(ImageStore store) {
        return new ImageSaver(store);
    }

    public ImageSaver(ImageStore store) {
        this.store = store;
        this.layerWriter = new LayerTarWriter();
    }

    /** Holds the store's gc lock shared throughout, so rmi cannot delete a layer being archived. */
    @SuppressWarnings("try")
    public void save(List<String> names, Path output) throws IOException {
        try (var gc = store.locks().shared("gc")) {
            saveLocked(names, output);
        }
    }

    private void saveLocked(List<String> names, Path output) throws IOException {
        written.clear();
        List<StoredImage> images = new ArrayList<>();
        for (String n : names) {
            images.add(store.find(n).orElseThrow(() -> new ImageNotFoundException("No such image: " + n)));
        }
        Path out = output.toAbsolutePath();
        Path partial = out.resolveSibling(".tmp-" + out.getFileName() + "-" + ProcessHandle.current().pid());
        try (TempDirs.TempDir scratch = store.temp().create("save");
             java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(partial,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                     java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream file = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(file);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            addBytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
            Map<Digest, Descriptor> layerBlobs = new LinkedHashMap<>();
            List<Descriptor> indexEntries = new ArrayList<>();
            List<Map<String, Object>> dockerManifest = new ArrayList<>();
            for (StoredImage img : images) {
                List<Descriptor> layers = new ArrayList<>();
                for (int i = 0; i < img.layerDirs().size(); i++) {
                    Digest original = img.config().rootfs().diffIds().get(i);
                    Descriptor blob = layerBlobs.get(original);
                    if (blob == null) {
                        blob = addLayer(tar, original, img.layerDirs().get(i), scratch.path());
                        layerBlobs.put(original, blob);
                    }
                    layers.add(blob);
                }
                byte[] config = rewriteDiffIds(store.blobs().get(img.imageId(), "image config"), layers);
                Descriptor configDesc = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
                addBlob(tar, configDesc.digest(), config);
                byte[] manifest = ImageLoader.JSON.writeValueAsBytes(
                        new Manifest(2, MediaTypes.OCI_MANIFEST, configDesc, layers, null));
                Digest manifestDigest = Digest.sha256(manifest);
                addBlob(tar, manifestDigest, manifest);
                Map<String, String> annotations = new LinkedHashMap<>();
                List<String> repoTags = new ArrayList<>();
                if (img.reference() != null && img.reference().tag() != null) {
                    annotations.put(OciArchive.CONTAINERD_NAME, img.reference().withTag(img.reference().tag()).toString());
                    annotations.put(OciArchive.REF_NAME, img.reference().tag());
                    repoTags.add(img.reference().familiarName() + ":" + img.reference().tag());
                }
                indexEntries.add(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length, null,
                        annotations.isEmpty() ? null : annotations, null));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Config", OciArchive.blobPath(configDesc.digest()));
                entry.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
                entry.put("Layers", layers.stream().map(l -> OciArchive.blobPath(l.digest())).toList());
                dockerManifest.add(entry);
            }
            addBytes(tar, "index.json", ImageLoader.JSON.writeValueAsBytes(
                    new ImageIndex(2, MediaTypes.OCI_INDEX, indexEntries)));
            addBytes(tar, "manifest.json", ImageLoader.JSON.writeValueAsBytes(dockerManifest));
            tar.finish();
            file.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Rebuilds one layer tar into scratch (its size must be known before its tar header): the
     * original tar from its tar-split when the store kept one (the DiffID stays), else the layer
     * writer's tar of the directory.
     */
    private Descriptor addLayer(TarArchiveOutputStream tar, Digest diffId, Path diff, Path scratch) throws IOException {
        Path layerTar = scratch.resolve("layer.tar");
        Path split = store.layers().tarSplit(diffId);
        Digest digest = null;
        if (Files.isRegularFile(split)) {
            digest = writeLayer(layerTar, o -> TarSplitAssembler.assemble(split, diff, o));
            if (!digest.equals(diffId)) digest = null;   // its files no longer give the original bytes
        }
        if (digest == null) digest = writeLayer(layerTar, o -> layerWriter.write(diff, o));
        long size = Files.size(layerTar);
        if (!written.add(digest)) {
            Files.delete(layerTar);
            return new Descriptor(MediaTypes.OCI_LAYER, digest, size);
        }
        TarArchiveEntry e = new TarArchiveEntry(OciArchive.blobPath(digest));
        e.setSize(size);
        e.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(e);
        Files.copy(layerTar, tar);
        tar.closeArchiveEntry();
        Files.delete(layerTar);
        return new Descriptor(MediaTypes.OCI_LAYER, digest, size);
    }

    private interface TarSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private static Digest writeLayer(Path file, TarSource source) throws IOException {
        MessageDigest md = Digest.newSha256();
        try (OutputStream o = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), md)) {
            source.writeTo(o);
        }
        return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
    }

    private static byte[] rewriteDiffIds(byte[] config, List<Descriptor> layers) throws IOException {
        ObjectNode root = (ObjectNode) ImageLoader.JSON.readTree(config);
        ArrayNode ids = ImageLoader.JSON.createArrayNode();
        layers.forEach(l -> ids.add(l.digest().toString()));
        if (ids.equals(root.path("rootfs").path("diff_ids"))) return config; // unchanged: same image id
        root.withObjectProperty("rootfs").set("diff_ids", ids);
        return ImageLoader.JSON.writeValueAsBytes(root);
    }

    private final java.util.Set<Digest> written = new java.util.HashSet<>();

    private void addBlob(TarArchiveOutputStream tar, Digest d, byte[] content) throws IOException {
        if (written.add(d)) addBytes(tar, OciArchive.blobPath(d), content);
    }

    private static void addBytes(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
