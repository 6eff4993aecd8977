package dev.minidocker.testing;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak check itself: it sees this store's leftovers, only this store's, and removes them. */
@RootOnly
class StoreLeaksRootTest {
    @TempDir
    Path tmp;
    final CgroupFactory cgroups = new CgroupManagerFactory();
    Process process;

    @AfterEach
    void tearDown() {
        if (process != null) process.destroyForcibly();
    }

    /** A container directory that appears and goes, as a --rm run's does: only the watch saw it. */
    private static String removedContainer(Path root) throws Exception {
        String id = ContainerStore.newId();
        Path dir = Files.createDirectories(root.resolve("containers").resolve(id));
        Files.delete(dir);
        return id;
    }

    @Test
    void aRemovedContainersCgroupCountsEmptyOrNot() throws Exception {
        Path root = tmp.resolve("store");
        StoreLeaks leaks = StoreLeaks.watch(root);
        String empty = removedContainer(root), busy = removedContainer(root);
        cgroups.create(empty, Resources.NONE);
        CgroupFactory.Handle busyCgroup = cgroups.create(busy, Resources.NONE);
        process = new ProcessBuilder("sleep", "600").start();
        busyCgroup.addProcess(process.pid());
        assertEquals(Set.of(empty, busy), leaks.containerIds());

        AssertionError e = assertThrows(AssertionError.class, leaks::assertNothingLeft);
        assertTrue(e.getMessage().contains("minidocker/" + empty + " (empty)"), e.getMessage());
        assertTrue(e.getMessage().contains("minidocker/" + busy + " holding " + process.pid()), e.getMessage());
        assertTrue(cgroups.open(empty).isEmpty() && cgroups.open(busy).isEmpty(), "the check removes what it found");
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "and kills what ran in it");
    }

    @Test
    void anotherStoresContainersAreNotItsLeaks() throws Exception {
        StoreLeaks mine = StoreLeaks.watch(tmp.resolve("store"));
        String theirs = removedContainer(tmp.resolve("other-store"));
        CgroupFactory.Handle other = cgroups.create(theirs, Resources.NONE);
        try {
            mine.assertNothingLeft();
            assertTrue(cgroups.open(theirs).isPresent(), "another store's cgroup is left alone");
        } finally {
            other.destroy();
        }
    }

    @Test
    void aProcessNamingTheStoreIsALeak() throws Exception {
        Path root = tmp.resolve("store");
        StoreLeaks leaks = StoreLeaks.watch(root);
        process = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "daemon-of", root.toString()).start();
        AssertionError e = assertThrows(AssertionError.class, leaks::assertNothingLeft);
        assertTrue(e.getMessage().contains("process " + process.pid() + " "), e.getMessage());
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped by the check");
        assertFalse(process.isAlive());
    }
}
