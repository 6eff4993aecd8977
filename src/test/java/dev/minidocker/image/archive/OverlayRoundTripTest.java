package dev.minidocker.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.store.ImagePuller;
import dev.minidocker.image.store.ImageSource;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.OverlayLayerWriter;
import dev.minidocker.image.store.PullProgress;
import dev.minidocker.image.store.SourceManifest;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.linux.LinuxFileSyscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real layer applier writes owners, whiteouts (0/0 char devices) and opaque dirs (xattr):
 * those need root. Pull them in, save, load elsewhere: everything survives.
 */
@RootOnly
class OverlayRoundTripTest {
    @TempDir
    Path dir;

    private static byte[] tar(Object[][] entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (Object[] e : entries) {
                String name = (String) e[0];
                String content = (String) e[1];
                TarArchiveEntry te = name.endsWith("/") ? new TarArchiveEntry(name, TarConstants.LF_DIR) : new TarArchiveEntry(name);
                te.setUserId((Integer) e[2]);
                te.setGroupId((Integer) e[3]);
                te.setMode((Integer) e[4]);
                if (content != null) te.setSize(content.length());
                t.putArchiveEntry(te);
                if (content != null) t.write(content.getBytes());
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void ownersWhiteoutsAndOpaqueDirsSurvivePullSaveLoad() throws Exception {
        byte[] l1 = tar(new Object[][] {
                {"etc/", null, 0, 0, 0755}, {"etc/secret", "s3cret", 1234, 5678, 0640}, {"etc/keep", "k", 0, 0, 0644},
                {"opt/", null, 0, 0, 0755}, {"opt/x/", null, 0, 0, 0755}, {"opt/x/old", "old", 0, 0, 0644}});
        byte[] l2 = tar(new Object[][] {
                {"etc/.wh.secret", "", 0, 0, 0644}, {"opt/x/", null, 0, 0, 0755},
                {"opt/x/.wh..wh..opq", "", 0, 0, 0644}, {"opt/x/new", "new", 0, 0, 0600}});
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(l1) + "\",\"" + Digest.sha256(l2) + "\"]}}").getBytes();
        Manifest m = new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(l1), l1.length),
                        new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(l2), l2.length)), null);
        byte[] mb = ImageLoader.JSON.writeValueAsBytes(m);
        Map<Digest, byte[]> blobs = Map.of(Digest.sha256(l1), l1, Digest.sha256(l2), l2);
        ImageSource src = new ImageSource() {
            public SourceManifest resolve() { return new SourceManifest(Digest.sha256(mb), m, mb, MediaTypes.OCI_MANIFEST); }
            public byte[] fetchBlob(Descriptor d) { return config; }
            public InputStream openBlob(Descriptor d) { return new ByteArrayInputStream(blobs.get(d.digest())); }
        };
        ImageStore a = new ImageStore(dir.resolve("a"));
        new ImagePuller(a, new OverlayLayerWriter(), 2, PullProgress.QUIET).pull(ImageReference.parse("ovl:1"), src);
        check(a.find("ovl:1").orElseThrow());

        Path archive = dir.resolve("ovl.tar");
        ImageSaver.forOverlayLayers(a).save(List.of("ovl:1"), archive);
        ImageStore b = new ImageStore(dir.resolve("b"));
        assertEquals(List.of("Loaded image: ovl:1"), new ImageLoader(b, new OverlayLayerWriter()).load(archive));
        StoredImage back = b.find("ovl:1").orElseThrow();
        check(back);
        assertEquals(a.find("ovl:1").orElseThrow().imageId(), back.imageId(),
                "the pulled layers' tars are rebuilt exactly from their tar-split: the image keeps its id");
        // and again, from the loaded store (whose layers recorded their tar-split on load)
        Path again = dir.resolve("again.tar");
        ImageSaver.forOverlayLayers(b).save(List.of("ovl:1"), again);
        ImageStore c = new ImageStore(dir.resolve("c"));
        new ImageLoader(c, new OverlayLayerWriter()).load(again);
        assertEquals(back.imageId(), c.find("ovl:1").orElseThrow().imageId());
    }

    private static void check(StoredImage img) throws Exception {
        Path lower = img.layerDirs().get(0);
        Path upper = img.layerDirs().get(1);
        Path secret = lower.resolve("etc/secret");
        assertEquals(1234, Files.getAttribute(secret, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(5678, Files.getAttribute(secret, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0640, (Integer) Files.getAttribute(secret, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        Path whiteout = upper.resolve("etc/secret");
        int mode = (Integer) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, mode & 0170000, "whiteout is a character device");
        assertEquals(0L, Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(upper.resolve("etc/.wh.secret"), LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(new byte[] {'y'},
                new LinuxFileSyscalls().lgetxattr(upper.resolve("opt/x").toString(), "trusted.overlay.opaque"));
        assertTrue(Files.exists(upper.resolve("opt/x/new")));
        assertFalse(Files.exists(upper.resolve("opt/x/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
    }
}
