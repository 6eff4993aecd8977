package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.Podman;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import dev.minidocker.testing.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mini-docker build} against {@code podman build} of the same context (the shared demo:
 * multi-stage, ARG before FROM, ADD of a tar, COPY --chown, .dockerignore, both RUN forms, USER,
 * ENTRYPOINT+CMD, EXPOSE, LABEL, ENV, WORKDIR) from the same busybox image: the configs' User,
 * ExposedPorts, Labels (but buildah's own io.buildah.version), Env, WorkingDir, Entrypoint and Cmd
 * are equal, the images run with the same output, and their file trees (names, types, modes,
 * owners, contents) are equal but for what a container runtime adds (/etc/hosts and friends, /run).
 */
@RootOnly
class BuildMatchesPodmanRootTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] RUNTIME_FILES = {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/run", "/dev",
            "/proc", "/sys"};

    @TempDir Path tmp;

    @Test
    void sameConfigOutputAndFilesAsPodman() throws Exception {
        MiniDockerProcess md = new MiniDockerProcess(tmp.resolve("store"), tmp.resolve("logs"));
        StoreLeaks leaks = StoreLeaks.watch(md.root());
        String base = LocalRegistry.shared().push(TestImages.busybox(), "i11build/peer-base", TestImages.TAG);
        Path ctx = DemoBuildContext.write(tmp.resolve("ctx"), tmp);
        try (Podman podman = new Podman()) {
            podman.command(List.of("load", "-q", "-i", TestImages.busybox().toString()));
            String loaded = podman.command(List.of("images", "--format", "{{.Repository}}:{{.Tag}}")).lines().findFirst().orElseThrow();
            podman.command(List.of("tag", loaded, "localhost/i11-peer-base:latest"));
            podman.command(List.of("build", "-q", "--network", "none", "--build-arg", "BASE=localhost/i11-peer-base:latest",
                    "-t", "localhost/i11-peer:1", ctx.toString()));
            md.call("build", "-q", "--build-arg", "BASE=" + base, "-t", "i11/peer:1", ctx.toString()).ok();

            JsonNode theirs = config(podman.command(List.of("image", "inspect", "-f", "{{json .Config}}", "localhost/i11-peer:1")));
            JsonNode ours = config(md.call("image", "inspect", "-f", "{{json .Config}}", "i11/peer:1").ok().out());
            ((ObjectNode) theirs.get("Labels")).remove("io.buildah.version");
            for (String field : List.of("User", "ExposedPorts", "Labels", "Env", "WorkingDir", "Entrypoint", "Cmd")) {
                assertEquals(theirs.get(field), ours.get(field), field);
            }

            String theirRun = podman.command(List.of("run", "--rm", "--network", "none", "localhost/i11-peer:1"));
            assertEquals(DemoBuildContext.RUN_OUTPUT, DemoBuildContext.runOutput(theirRun), "podman's own run");
            assertEquals(theirRun, md.call("run", "--rm", "i11/peer:1").ok().out());

            podman.command(List.of("create", "--name", "i11-peer-tree", "localhost/i11-peer:1"));
            Path theirTar = tmp.resolve("podman.tar");
            podman.command(List.of("export", "-o", theirTar.toString(), "i11-peer-tree"));
            podman.command(List.of("rm", "i11-peer-tree"));
            md.call("run", "--name", "i11-peer-tree", "--entrypoint", "true", "i11/peer:1").ok();
            Path ourTar = tmp.resolve("ours.tar");
            md.call("export", "-o", ourTar.toString(), "i11-peer-tree").ok();
            md.call("rm", "i11-peer-tree").ok();

            TreeSnapshot expected = tree(theirTar, tmp.resolve("podman-tree"));
            TreeSnapshot actual = tree(ourTar, tmp.resolve("our-tree"));
            assertTrue(expected.entries().containsKey("/app/src/sub/b.txt"), expected.toString());
            assertTrue(expected.diff(actual).isEmpty(), expected.describeDiff(actual, 20));
        }
        leaks.assertNothingLeft();
    }

    private static JsonNode config(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static TreeSnapshot tree(Path tar, Path dir) throws Exception {
        Files.createDirectories(dir);
        Tools.run(List.of("tar", "--numeric-owner", "-xpf", tar.toString(), "-C", dir.toString()));
        return TreeSnapshot.of(dir).withoutRoot().without(RUNTIME_FILES);
    }
}
