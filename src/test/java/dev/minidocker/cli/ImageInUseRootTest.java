package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rmi against run, as two users would type them: a run between its image lookup and its container
 * record holds the store's gc lock, so rmi never deletes the layers it is about to mount; once the
 * record exists, rmi refuses the image in Docker's words (exit 1) until the container is gone.
 */
@RootOnly
class ImageInUseRootTest {
    @TempDir
    Path tmp;
    Path root;
    String image;
    StoreLeaks leaks;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("store");
        leaks = StoreLeaks.watch(root);
        image = LocalRegistry.shared().push(TestImages.busybox(), "debt/busybox", TestImages.TAG);
    }

    @AfterEach
    void nothingLeftBehind() {
        leaks.assertNothingLeft();
    }

    record Result(int code, String out, String err) {}

    /** The CLI in its own JVM, like a second user's shell: its locks are other processes' locks. */
    private Process start(String name, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--root", root.toString()));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
    }

    private Result finish(String name, Process p) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        return new Result(p.exitValue(), Files.readString(tmp.resolve(name + ".out")),
                Files.readString(tmp.resolve(name + ".err")));
    }

    private Result cli(String name, String... args) throws Exception {
        return finish(name, start(name, args));
    }

    @Test
    void concurrentRunAndRmiNeverLoseALayerUnderARun() throws Exception {
        assertEquals(0, cli("pull", "pull", "-q", image).code());
        for (int i = 0; i < 6; i++) {
            // each round starts with the image present (the last round's rmi may have won after its run)
            if (i > 0) assertEquals(0, cli("pull" + i, "pull", "-q", image).code());
            Process run = start("run" + i, "run", "--rm", image, "cat", "/etc/passwd");
            Process rmi = start("rmi" + i, "rmi", image);
            Result r = finish("run" + i, run);
            Result m = finish("rmi" + i, rmi);
            // rmi either won (the run then pulled the image again) or met the run's record and was refused
            assertEquals(0, r.code(), "run " + i + " failed: " + r.err());
            assertTrue(r.out().startsWith("root:x:0:0:"), r.out());
            assertTrue(m.code() == 0 || m.err().contains("(must force) - container "), "rmi " + i + ": " + m.err());
        }
        assertEquals(List.of(), new ContainerStore(root).ids());
        // the last round's rmi may have won after its run ended: then the image is gone already
        Result end = cli("rmi-end", "rmi", image);
        assertTrue(end.code() == 0 || end.err().contains("No such image: " + image), end.err());
        assertTrue(new ImageStore(root).layers().list().isEmpty(), "the last rmi collects every layer");
    }

    @Test
    void rmiRefusesTheImageOfAStoppedContainerInDockersWords() throws Exception {
        Result run = cli("run", "run", "--pull", "missing", image, "true");
        assertEquals(0, run.code(), run.err());
        String container = new ContainerStore(root).ids().getFirst().substring(0, 12);
        String imageId = new ImageStore(root).find(image).orElseThrow().imageId().shortHex();

        Result byName = cli("rmi-name", "rmi", image);
        assertEquals(1, byName.code());
        assertEquals("mini-docker: conflict: unable to remove repository reference \"" + image + "\" (must force) - container "
                + container + " is using its referenced image " + imageId + "\n", byName.err());
        Result byId = cli("rmi-id", "rmi", imageId);
        assertEquals(1, byId.code());
        assertEquals("mini-docker: conflict: unable to delete " + imageId
                + " (must be forced) - image is being used by stopped container " + container + "\n", byId.err());

        Result forced = cli("rmi-f", "rmi", "-f", image);
        assertEquals(0, forced.code(), forced.err());
        assertEquals("Untagged: " + image + "\n", forced.out());
        assertTrue(new ImageStore(root).find(imageId).isPresent(), "the container's image stays, untagged");

        assertEquals(0, cli("rm", "rm", container).code());
        Result gone = cli("rmi-last", "rmi", imageId);
        assertEquals(0, gone.code(), gone.err());
        assertTrue(gone.out().contains("Deleted: sha256:"), gone.out());
        assertTrue(new ImageStore(root).layers().list().isEmpty());
    }
}
