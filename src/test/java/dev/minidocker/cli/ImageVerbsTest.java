package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.engine.HumanUnits;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.store.ImagePuller;
import dev.minidocker.image.store.ImageSource;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.LayerWriter;
import dev.minidocker.image.store.PullProgress;
import dev.minidocker.image.store.SourceManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageVerbsTest {
    @TempDir
    Path root;

    /** A one-layer image whose "layer" is a plain file copied verbatim. */
    private void seed(String name, String layerText) throws Exception {
        byte[] layer = layerText.getBytes();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2020-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(layer) + "\"]}}").getBytes();
        Manifest m = new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(new Descriptor(MediaTypes.OCI_LAYER, Digest.sha256(layer), layer.length)), null);
        byte[] mb = new ObjectMapper().writeValueAsBytes(m);
        ImageSource src = new ImageSource() {
            public SourceManifest resolve() { return new SourceManifest(Digest.sha256(mb), m, mb, MediaTypes.OCI_MANIFEST); }
            public byte[] fetchBlob(Descriptor d) { return config; }
            public InputStream openBlob(Descriptor d) { return new ByteArrayInputStream(layer); }
        };
        LayerWriter copy = new LayerWriter() {
            public InputStream decompress(InputStream in, MediaTypes.Compression c) { return in; }
            public void apply(InputStream tar, Path dir) throws java.io.IOException { Files.copy(tar, dir.resolve("f")); }
        };
        new ImagePuller(new ImageStore(root), copy, 1, PullProgress.QUIET).pull(ImageReference.parse(name), src);
    }

    private String run(int expectedCode, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(expectedCode, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void imagesInspectAndRmi() throws Exception {
        seed("busybox:1.36", "x".repeat(4_261_000));
        seed("127.0.0.1:5000/tools/jq", "jq");
        String table = run(0, "--root", root.toString(), "images");
        String[] rows = table.split("\n");
        assertEquals("REPOSITORY", rows[0].split("\\s+")[0]);
        assertTrue(table.contains("busybox "), table);
        assertTrue(table.matches("(?s).*busybox\\s+1\\.36\\s+[0-9a-f]{12}\\s+\\d+ years ago\\s+4\\.26MB\n.*"), table);
        assertTrue(table.contains("127.0.0.1:5000/tools/jq"), table);

        assertEquals(2, run(0, "images", "-q", "--root", root.toString()).lines().count());

        JsonNode inspect = new ObjectMapper().readTree(run(0, "--root", root.toString(), "image", "inspect", "busybox:1.36"));
        assertEquals(1, inspect.size());
        assertEquals("busybox:1.36", inspect.get(0).get("RepoTags").get(0).asText());
        assertTrue(inspect.get(0).get("RepoDigests").get(0).asText().startsWith("busybox@sha256:"));
        assertEquals("sh", inspect.get(0).get("Config").get("Cmd").get(0).asText());
        assertEquals(4_261_000, inspect.get(0).get("Size").asLong());
        assertEquals("layers", inspect.get(0).get("RootFS").get("Type").asText());

        String rmi = run(0, "--root", root.toString(), "rmi", "busybox:1.36");
        assertTrue(rmi.startsWith("Untagged: busybox:1.36\n"), rmi);
        assertTrue(rmi.contains("Deleted: sha256:"), rmi);
        assertEquals(1, Main.run("--root", root.toString(), "rmi", "busybox:1.36")); // docker rmi: exit 1
        assertEquals(1, run(0, "images", "-q", "--root", root.toString()).lines().count());
    }

    /** docker's image verbs exit 1 on failure (125 is run's own code, and any verb's bad flag). */
    @Test
    void imageVerbsFailWithDockersCode1() throws Exception {
        seed("busybox:1.36", "bb");
        String r = root.toString();
        CliCall some = CliCall.run("--root", r, "image", "inspect", "busybox:1.36", "nosuch");
        assertEquals(1, some.code());
        assertEquals(1, new ObjectMapper().readTree(some.out()).size(), "the images found are still printed");
        assertEquals("mini-docker: No such image: nosuch\n", some.err());
        CliCall none = CliCall.run("--root", r, "image", "inspect", "nosuch");
        assertEquals(new CliCall(1, "[]\n", "mini-docker: No such image: nosuch\n"), none);
        CliCall id = CliCall.run("--root", r, "image", "inspect", "-f", "{{index .RepoTags 0}} {{.Os}}", "busybox:1.36");
        assertEquals(new CliCall(0, "busybox:1.36 linux\n", ""), id);

        assertEquals(1, CliCall.run("--root", r, "rmi", "nosuch").code());
        assertEquals(1, CliCall.run("--root", r, "save", "-o", root.resolve("x.tar").toString(), "nosuch").code());
        assertEquals(1, CliCall.run("--root", r, "load", "-i", root.resolve("missing.tar").toString()).code());
        assertEquals(1, CliCall.run("--root", r, "pull", "Not/A/Valid/REFERENCE").code());
        assertEquals(1, CliCall.run("--root", r, "pull").code(), "a missing argument is an ordinary error");
        assertEquals(1, CliCall.run("--root", r, "image", "inspect").code());
        assertEquals(125, CliCall.run("--root", r, "pull", "--no-such-flag", "busybox").code(), "a bad flag is 125");
        assertEquals(125, CliCall.run("--root", r, "images", "--no-such-flag").code());
    }

    @Test
    void humanUnitsMatchDocker() {
        assertEquals("4.26MB", HumanUnits.size(4_261_000));
        assertEquals("0B", HumanUnits.size(0));
        assertEquals("999B", HumanUnits.size(999));
        assertEquals("1MB", HumanUnits.size(999_999));
        assertEquals("1.2kB", HumanUnits.size(1200));
        assertEquals("2 hours", HumanUnits.duration(Duration.ofMinutes(120)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(61)));
        assertEquals("3 weeks", HumanUnits.duration(Duration.ofDays(21)));
        assertEquals("Less than a second", HumanUnits.duration(Duration.ZERO));
        assertEquals("23.54GiB", HumanUnits.binarySize(25_273_409_536L), "docker info's Total Memory");
        assertEquals("1KiB", HumanUnits.binarySize(1024));
        assertEquals("512B", HumanUnits.binarySize(512));
        assertEquals("1.5MiB", HumanUnits.binarySize(1_572_864));
        assertEquals("1.235MB", HumanUnits.size(1_234_567, 4), "prune's Total reclaimed space");
        assertEquals("1GB", HumanUnits.size(999_999_999, 4), "a rounding up to 1000 carries");
    }

    /** info: docker's Server section for this store, and its fields for -f, by the Engine API's names. */
    @Test
    void infoCountsThisStoresImagesAndContainers() throws Exception {
        seed("busybox:1.36", "bb");
        seed("alpine:3", "al");
        String r = root.toString();
        assertEquals(new CliCall(0, "2 0 overlay2 " + r + "\n", ""),
                CliCall.run("--root", r, "info", "-f", "{{.Images}} {{.Containers}} {{.Driver}} {{.DockerRootDir}}"));
        CliCall text = CliCall.run("--root", r, "info");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("Server:\n Containers: 0\n  Running: 0\n  Paused: 0\n  Stopped: 0\n Images: 2\n"), text.out());
        assertTrue(text.out().contains("\n Docker Root Dir: " + r + "\n"), text.out());
    }
}
