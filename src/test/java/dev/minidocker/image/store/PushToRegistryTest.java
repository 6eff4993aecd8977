package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.image.Digest;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.Platform;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import dev.minidocker.testing.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to a real registry (docker-registry on 127.0.0.1), checked by skopeo and by pulling the
 * result back: a commit on top of a pulled busybox, its base layers mounted from the repository
 * they came from, its own layer uploaded; a second push sends nothing; a push to another registry
 * rebuilds the pulled layers' exact tars, so the image keeps its id.
 */
@RootOnly
class PushToRegistryTest {
    @TempDir
    Path dir;

    static PushResult push(ImageStore store, String ref, PushProgress progress) {
        return RegistryPush.push(store, ImageReference.parse(ref), false, RegistryConfig.defaults(), 5, progress).getFirst();
    }

    /** busybox pulled from the shared registry, plus a committed layer, tagged {@code tag}. */
    private Digest busyboxPlusALayer(ImageStore store, String tag) throws IOException {
        String base = LocalRegistry.shared().push(TestImages.busybox(), "pushtest/busybox", TestImages.TAG);
        RegistryPull.pull(store, ImageReference.parse(base), Platform.host(), RegistryConfig.defaults(), 3, PullProgress.QUIET);
        Path changes = Files.createDirectories(dir.resolve("upper/srv"));
        Files.writeString(changes.resolve("index.html"), "<h1>committed</h1>\n");
        return new ImageCommitter(store).commit(dir.resolve("upper"), new NewImage(store.find(base).orElseThrow(),
                "/bin/sh", "test", null, null, Instant.parse("2025-03-04T05:06:07Z"), DockerReferences.parseTagTarget(tag))).imageId();
    }

    @Test
    void pushMountsThePulledLayersUploadsTheNewOneAndSkopeoReadsIt() throws IOException {
        ImageStore store = new ImageStore(dir.resolve("store"));
        String host = LocalRegistry.shared().host();
        String ref = host + "/pushtest/app:1";
        Digest id = busyboxPlusALayer(store, ref);
        RecordingPushProgress progress = new RecordingPushProgress();
        PushResult result = push(store, ref, progress);

        List<Digest> diffIds = store.find(ref).orElseThrow().config().rootfs().diffIds();
        assertEquals("The push refers to repository [" + host + "/pushtest/app]", progress.lines.getFirst());
        assertEquals(List.of("Preparing", "Mounted from pushtest/busybox"), progress.statuses(diffIds.getFirst()));
        assertEquals(List.of("Preparing", "Pushing", "Pushed"), progress.statuses(diffIds.getLast()));
        assertEquals("1: digest: " + result.manifestDigest() + " size: " + result.manifestSize(), progress.lines.getLast());
        assertEquals(id, result.configDigest(), "pulled layers rebuilt exactly: the image keeps its id");

        JsonNode inspect = new ObjectMapper().readTree(Tools.run("skopeo", "inspect", "--tls-verify=false", "docker://" + ref));
        assertEquals(result.manifestDigest().toString(), inspect.path("Digest").asText());
        assertEquals(diffIds.size(), inspect.path("Layers").size());
        JsonNode raw = new ObjectMapper().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref));
        assertEquals(MediaTypes.DOCKER_MANIFEST, raw.path("mediaType").asText());
        Path oci = dir.resolve("oci");
        Tools.run("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "oci:" + oci + ":1");
        assertTrue(Files.isRegularFile(oci.resolve("index.json")));
        assertTrue(store.find(ref).orElseThrow().reference() != null);
        assertTrue(store.db().read().images().get(id.toString()).repoDigests()
                .contains(host + "/pushtest/app@" + result.manifestDigest()), "the push is recorded as a repo digest");

        // pulled back into another store: the same image, the same files
        ImageStore other = new ImageStore(dir.resolve("other"));
        RegistryPull.pull(other, ImageReference.parse(ref), Platform.host(), RegistryConfig.defaults(), 3, PullProgress.QUIET);
        StoredImage back = other.find(ref).orElseThrow();
        assertEquals(id, back.imageId());
        StoredImage mine = store.find(ref).orElseThrow();
        for (int i = 0; i < diffIds.size(); i++) {
            assertEquals(TreeSnapshot.of(mine.layerDirs().get(i)), TreeSnapshot.of(back.layerDirs().get(i)));
        }
    }

    @Test
    void aSecondPushSendsNothingAndAnotherRegistryGetsTheSameImage() throws IOException {
        ImageStore store = new ImageStore(dir.resolve("store"));
        String ref = LocalRegistry.shared().host() + "/pushtest/again:1";
        Digest id = busyboxPlusALayer(store, ref);
        List<Digest> blobsBefore = store.blobs().list();
        PushResult first = push(store, ref, PushProgress.QUIET);
        List<Digest> blobsAfterFirst = store.blobs().list();
        assertEquals(blobsBefore, blobsAfterFirst, "layers stream to the registry as they are compressed, none is stored");
        RecordingPushProgress progress = new RecordingPushProgress();
        PushResult second = push(store, ref, progress);
        assertEquals(first.manifestDigest(), second.manifestDigest());
        int layers = store.find(ref).orElseThrow().layerDirs().size();
        assertEquals(layers, progress.count("Layer already exists"), progress.lines.toString());
        assertEquals(0, progress.count("Pushed") + progress.count("Pushing"), progress.lines.toString());
        assertEquals(blobsAfterFirst, store.blobs().list(), "nothing compressed again");

        try (LocalRegistry fresh = LocalRegistry.start()) {
            String elsewhere = fresh.host() + "/copy/app:2";
            new ImageTagger(store).tag(ref, elsewhere);
            RecordingPushProgress p = new RecordingPushProgress();
            PushResult copy = push(store, elsewhere, p);
            assertEquals(layers, p.count("Pushed"), p.lines.toString());
            assertEquals(id, copy.configDigest());
            ImageStore other = new ImageStore(dir.resolve("other"));
            RegistryPull.pull(other, ImageReference.parse(elsewhere), Platform.host(), RegistryConfig.defaults(), 3, PullProgress.QUIET);
            assertEquals(id, other.find(elsewhere).orElseThrow().imageId());
        }
    }

    @Test
    void aLayerWhoseTarSplitNoLongerRebuildsItsTarIsRegeneratedInASecondUpload() throws IOException {
        ImageStore store = new ImageStore(dir.resolve("store"));
        String ref = LocalRegistry.shared().host() + "/pushtest/stale:1";
        busyboxPlusALayer(store, ref);
        Digest own = store.find(ref).orElseThrow().config().rootfs().diffIds().getLast();
        // same size, other bytes: the tar-split's tar no longer has the layer's DiffID
        Files.writeString(store.layers().diffDir(own).resolve("srv/index.html"), "<h1>COMMITTED</h1>\n");
        RecordingPushProgress progress = new RecordingPushProgress();
        PushResult result = push(store, ref, progress);
        assertEquals(List.of("Preparing", "Pushing", "Pushed"), progress.statuses(own));

        ImageStore other = new ImageStore(dir.resolve("other"));
        RegistryPull.pull(other, ImageReference.parse(ref), Platform.host(), RegistryConfig.defaults(), 3, PullProgress.QUIET);
        StoredImage back = other.find(ref).orElseThrow();
        assertEquals(result.configDigest(), back.imageId());
        assertEquals("<h1>COMMITTED</h1>\n", Files.readString(back.layerDirs().getLast().resolve("srv/index.html")));
        Digest regenerated = back.config().rootfs().diffIds().getLast();
        assertTrue(!regenerated.equals(own), "the config names the regenerated tar's DiffID");
        assertEquals(regenerated, store.layerBlobs().of(own).getFirst().uncompressed());
    }

    @Test
    void podmanPullsAndRunsWhatWasPushed() throws IOException {
        Tools.require("podman", "podman");
        ImageStore store = new ImageStore(dir.resolve("store"));
        String ref = LocalRegistry.shared().host() + "/pushtest/forpodman:1";
        Digest id = busyboxPlusALayer(store, ref);
        push(store, ref, PushProgress.QUIET);
        Path root = dir.resolve("podman-root"), runroot = dir.resolve("podman-run");
        // as bench/lib.sh: runc (crun refuses the hybrid cgroup setup here), no default ulimits
        // (podman's exceed the hard limits here), no event log; vfs storage: no mounts to leave behind
        Path conf = Files.writeString(dir.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n"
                + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"none\"\n");
        List<String> podman = List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--root", root.toString(),
                "--runroot", runroot.toString(), "--storage-driver", "vfs");
        try {
            Tools.run(concat(podman, "pull", "--quiet", "--tls-verify=false", ref));
            assertEquals(id.hex(), Tools.run(concat(podman, "image", "inspect", "--format", "{{.Id}}", ref)).trim());
            assertEquals("<h1>committed</h1>\n", Tools.run(concat(podman, "run", "--rm", "--network", "none", ref,
                    "cat", "/srv/index.html")));
        } finally {
            try {
                Tools.run(concat(podman, "rmi", "--all", "--force"));
            } finally {
                Tools.deleteTree(root);
                Tools.deleteTree(runroot);
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
