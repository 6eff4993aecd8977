package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.volume.VolumeService;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.model.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -v values that name volumes, the image's VOLUME entries, and what counts as a volume in use. */
class VolumeMountsTest {
    @TempDir
    Path root;

    @Test
    void namedAnonymousAndBindValues() {
        assertEquals(new VolumeMounts.Wanted("data", "/srv", true), VolumeMounts.parse("data:/srv/:ro"));
        assertEquals(new VolumeMounts.Wanted(null, "/scratch", false), VolumeMounts.parse("/scratch"));
        assertNull(VolumeMounts.parse("/host:/ctr"), "a bind is MountParser's");
        assertTrue(assertThrows(MiniDockerException.class, () -> VolumeMounts.parse("data:rel")).getMessage()
                .contains("mount path must be absolute"));
        assertTrue(assertThrows(MiniDockerException.class, () -> VolumeMounts.parse("bad name!:/x")).getMessage()
                .contains("includes invalid characters for a local volume name"));
        assertTrue(assertThrows(MiniDockerException.class, () -> VolumeMounts.parse("data:/x:rx")).getMessage()
                .contains("invalid mode: rx"));
    }

    @Test
    void imageVolumesBecomeAnonymousUnlessSomethingCoversThem() {
        VolumeMounts.Planned p = new VolumeMounts(root).plan(List.of(new VolumeMounts.Wanted("named", "/data", false)),
                Map.of("/data", Map.of(), "/cache", Map.of(), "/tmpdir", Map.of()), List.of("named:/data"), List.of("/tmpdir"), true);
        assertEquals(2, p.mounts().size(), p.toString());
        assertEquals(1, p.anonymous().size());
        assertTrue(p.anonymous().getFirst().matches("[0-9a-f]{64}:/cache"), p.anonymous().toString());
        assertTrue(Files.isDirectory(root.resolve("volumes/named/_data")));
        assertEquals(List.of("ro"), new VolumeMounts(root).plan(List.of(new VolumeMounts.Wanted("named", "/d", true)),
                null, List.of("named:/d:ro"), List.of(), false).mounts().getFirst().options());
    }

    @Test
    void aVolumeAnyContainerNamesIsInUse() {
        ContainerStore store = new ContainerStore(root);
        VolumeService volumes = new VolumeService(root, store);
        volumes.create("data", "local", Map.of(), Map.of());
        String id = ContainerStore.newId();
        store.create(new ContainerRecord(id, "user", null, "img",
                new ContainerRecord.Config(List.of("true"), List.of(), List.of(), "/", "", "h", false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of("data:/d"), List.of(), "none", false, false, null),
                "2026-01-01T00:00:00Z"));
        assertEquals(List.of(id), volumes.users("data"));
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> volumes.remove("data", false));
        assertEquals("remove data: volume is in use - [" + id + "]", e.getMessage());
        store.remove(id);
        volumes.remove("data", false);
        assertTrue(assertThrows(dev.minidocker.NotFoundException.class, () -> volumes.inspect("data")).getMessage()
                .contains("no such volume"));
        volumes.remove("data", true); // -f: a missing volume is no error
    }
}
