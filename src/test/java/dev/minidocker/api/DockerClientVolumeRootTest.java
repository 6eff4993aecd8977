package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named and anonymous volumes through the real docker client: volume create/ls/inspect/rm/prune,
 * {@code -v NAME:/path} shared by two containers and kept after them, the image's content copied
 * into an empty volume (owners and modes), {@code -v /path} and {@code rm -v}, {@code --mount},
 * Mounts in inspect, and Docker's refusal to remove a volume in use.
 */
@RootOnly
class DockerClientVolumeRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        docker = daemon.docker(dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close(); // and its containers removed
    }

    @Test
    void namedVolumesOutliveTheirContainers() throws Exception {
        assertEquals("data\n", docker.run("volume", "create", "--label", "team=a", "data").ok().stdout());
        assertEquals("data\n", docker.run("volume", "create", "data").ok().stdout(), "create is idempotent");
        assertEquals("local data", docker.run("volume", "ls", "--format", "{{.Driver}} {{.Name}}").ok().stdout().strip());
        String mountpoint = docker.run("volume", "inspect", "-f", "{{.Mountpoint}}", "data").ok().stdout().strip();
        assertEquals(root.resolve("volumes/data/_data").toString(), mountpoint);
        assertEquals("a", docker.run("volume", "inspect", "-f", "{{.Labels.team}}", "data").ok().stdout().strip());

        docker.run("run", "--name", "writer", "-v", "data:/data", image, "sh", "-c", "echo kept > /data/f").ok();
        assertEquals("kept\n", Files.readString(Path.of(mountpoint, "f")));
        assertEquals("volume data /data true", docker.run("inspect", "-f",
                "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.RW}}{{end}}", "writer").ok().stdout().strip());
        DockerCli.Result inUse = docker.run("volume", "rm", "data");
        assertTrue(inUse.exitCode() != 0 && inUse.stderr().contains("remove data: volume is in use - ["), inUse.stderr());
        docker.run("rm", "-v", "writer").ok();
        assertEquals("kept\n", docker.run("run", "--rm", "-v", "data:/in:ro", image, "cat", "/in/f").ok().stdout(),
                "a named volume stays after rm -v and is seen by the next container");
        DockerCli.Result ro = docker.run("run", "--rm", "--mount", "type=volume,source=data,target=/in,readonly", image,
                "touch", "/in/g");
        assertTrue(ro.exitCode() != 0 && ro.stderr().contains("Read-only file system"), ro.stderr());

        assertEquals("data\n", docker.run("volume", "rm", "data").ok().stdout());
        assertFalse(Files.exists(Path.of(mountpoint)));
        DockerCli.Result gone = docker.run("volume", "inspect", "data");
        assertTrue(gone.exitCode() != 0 && gone.stderr().contains("no such volume"), gone.stderr());
    }

    @Test
    void anEmptyVolumeGetsTheImagesContent() throws Exception {
        // busybox's /etc: passwd 0644, owned by root; the volume is made on first use
        assertEquals("root:x:0:0:root:/root:/bin/sh", docker.run("run", "--rm", "-v", "etc:/etc", image,
                "head", "-n1", "/etc/passwd").ok().stdout().strip());
        Path passwd = root.resolve("volumes/etc/_data/passwd");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd)));
        // not empty any more: a second container sees what the first left, not the image again
        docker.run("run", "--rm", "-v", "etc:/etc", image, "sh", "-c", "echo changed > /etc/motd").ok();
        assertEquals("changed", docker.run("run", "--rm", "-v", "etc:/etc", image, "cat", "/etc/motd").ok().stdout().strip());
        docker.run("volume", "rm", "etc").ok();
    }

    @Test
    void anonymousVolumesGoWithRmV() {
        docker.run("run", "--name", "anon", "-v", "/scratch", image, "sh", "-c", "echo x > /scratch/x").ok();
        String name = docker.run("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "anon").ok().stdout().strip();
        assertTrue(name.matches("[0-9a-f]{64}"), name);
        assertTrue(docker.run("volume", "ls", "-q").ok().stdout().contains(name));
        docker.run("rm", "-v", "anon").ok();
        assertFalse(docker.run("volume", "ls", "-q").ok().stdout().contains(name), "rm -v removes the anonymous volume");

        docker.run("run", "--rm", "-v", "/scratch", image, "true").ok();
        assertEquals("", docker.run("volume", "ls", "-q").ok().stdout(), "--rm removes it too");

        docker.run("volume", "create", "keep").ok();
        docker.run("run", "--name", "left", "-v", "/scratch", image, "true").ok();
        docker.run("rm", "left").ok();
        String pruned = docker.run("volume", "prune", "-f").ok().stdout();
        assertTrue(pruned.contains("Deleted Volumes:"), pruned);
        assertEquals("keep\n", docker.run("volume", "ls", "-q").ok().stdout(), "prune takes unused anonymous volumes only");
        docker.run("volume", "rm", "keep").ok();
    }

    @Test
    void volumesFromAndMount() {
        docker.run("run", "--name", "src", "-v", "shared:/s", "-v", "/anon", image, "sh", "-c", "echo a > /s/f; echo b > /anon/g").ok();
        assertEquals("a\nb\n", docker.run("run", "--rm", "--volumes-from", "src:ro", image, "cat", "/s/f", "/anon/g").ok().stdout());
        DockerCli.Result ro = docker.run("run", "--rm", "--volumes-from", "src:ro", image, "touch", "/s/x");
        assertTrue(ro.exitCode() != 0 && ro.stderr().contains("Read-only file system"), ro.stderr());
        assertEquals("b\n", docker.run("run", "--rm", "--mount", "type=tmpfs,target=/t", "--volumes-from", "src", image,
                "sh", "-c", "cat /anon/g && grep -q ' /t tmpfs ' /proc/mounts").ok().stdout());
        docker.run("rm", "-v", "src").ok();
        assertEquals("shared\n", docker.run("volume", "ls", "-q").ok().stdout(), "src's anonymous volume went with it");
        docker.run("volume", "rm", "shared").ok();
    }
}
