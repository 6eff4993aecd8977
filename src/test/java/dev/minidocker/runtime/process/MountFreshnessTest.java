package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a waiting stage 2's copy of the host's mounts still serves a container. */
class MountFreshnessTest {
    static final String HOST = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw
            25 22 0:22 / /proc rw,nosuid,nodev,noexec shared:4 - proc proc rw
            """;
    /** The same mounts in stage 2's namespace: other IDs, private, and its own read-only bind of the JDK. */
    static final String COPY = """
            122 121 8:1 / / rw,relatime - ext4 /dev/sda1 rw
            123 122 0:5 / /dev rw,nosuid - devtmpfs udev rw
            125 122 0:22 / /proc rw,nosuid,nodev,noexec - proc proc rw
            150 122 8:1 /usr/lib/jvm /usr/lib/jvm ro,relatime - ext4 /dev/sda1 rw
            """;
    static final String PODMAN = "90 22 0:50 / /var/lib/containers/storage/overlay/abc/merged rw - overlay overlay rw";
    static final String STORE = "91 22 0:51 / /var/lib/minidocker rw - xfs /dev/sdb rw";

    @TempDir
    Path tmp;

    static byte[] bytes(String table, String... extra) {
        return (table + String.join("\n", extra)).getBytes(StandardCharsets.UTF_8);
    }

    static Supplier<byte[]> copy(String... extra) {
        return () -> bytes(COPY, extra);
    }

    ContainerSpec spec(List<ContainerSpec.Mount> mounts) {
        String store = "/var/lib/minidocker";
        return new ContainerSpec("c".repeat(64), "h", List.of("true"), List.of(), "/", null,
                new ContainerSpec.RootFs(List.of(store + "/layers/a/diff", store + "/layers/b/diff"),
                        store + "/containers/c/upper", store + "/containers/c/work", store + "/containers/c/merged"),
                false, mounts, "none", false, false, null,
                new ContainerSpec.EtcFiles(store + "/containers/c/hostname", null, null));
    }

    @Test
    void anUnchangedHostTableIsFreshWithoutReadingTheCopy() {
        Supplier<byte[]> unread = () -> {
            throw new AssertionError("the copy was read");
        };
        assertTrue(MountFreshness.fresh(bytes(HOST), bytes(HOST), unread, spec(List.of())));
    }

    @Test
    void unreadableTablesAreStale() {
        assertFalse(MountFreshness.fresh(bytes(HOST), null, copy(), spec(List.of())));
        assertFalse(MountFreshness.fresh(null, bytes(HOST), copy(), spec(List.of())));
        assertFalse(MountFreshness.fresh(bytes(HOST), bytes(HOST, PODMAN), () -> null, spec(List.of())));
    }

    @Test
    void podmansContainerRootComingAndGoingLeavesItFresh() {
        assertTrue(MountFreshness.fresh(bytes(HOST), bytes(HOST, PODMAN), copy(), spec(List.of())));
        assertTrue(MountFreshness.fresh(bytes(HOST, PODMAN), bytes(HOST), copy(PODMAN.replace("90 22", "190 122")),
                spec(List.of())));
    }

    @Test
    void aNewMountUnderTheStoreABindSourceOrDevMakesItStale() {
        var bind = List.of(new ContainerSpec.Mount("bind", "/srv/data", "/data", List.of()));
        String srv = "92 22 0:52 / /srv rw - nfs host:/srv rw";
        assertFalse(MountFreshness.fresh(bytes(HOST), bytes(HOST, STORE), copy(), spec(List.of())));
        assertFalse(MountFreshness.fresh(bytes(HOST), bytes(HOST, srv), copy(), spec(bind)));
        assertTrue(MountFreshness.fresh(bytes(HOST), bytes(HOST, srv), copy(), spec(List.of())),
                "without that bind, /srv is not the container's business");
        assertFalse(MountFreshness.fresh(bytes(HOST), bytes(HOST, "93 23 0:53 / /dev/shm rw - tmpfs tmpfs rw"), copy(),
                spec(List.of())));
    }

    @Test
    void aMountMadeWhileStage2WasSpawnedCountsAsItsCopyHasIt() {
        // the host's table was read just before the spawn; the namespace was copied after the mount
        assertTrue(MountFreshness.fresh(bytes(HOST), bytes(HOST, STORE), copy(STORE.replace("91 22", "191 122")),
                spec(List.of())));
        // ... or before it: then the copy lacks it
        assertFalse(MountFreshness.fresh(bytes(HOST), bytes(HOST, STORE), copy(), spec(List.of())));
    }

    @Test
    void aBindSourceIsCheckedWhereItsSymlinksLead() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real/dir"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        var bind = List.of(new ContainerSpec.Mount("bind", link.toString(), "/data", List.of()),
                new ContainerSpec.Mount("tmpfs", "/not/a/host/path", "/scratch", List.of()));
        List<String> paths = MountFreshness.hostPaths(spec(bind));
        assertTrue(paths.contains(real.toRealPath().toString()), paths.toString());
        assertFalse(paths.contains("/not/a/host/path"), "a tmpfs has no host source");
        assertTrue(paths.containsAll(MountFreshness.HOST_PATHS));
        assertTrue(paths.contains("/var/lib/minidocker/layers/b/diff"), "a path that does not exist is kept as given");
    }
}
