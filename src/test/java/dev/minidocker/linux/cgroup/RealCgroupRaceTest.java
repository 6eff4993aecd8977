package dev.minidocker.linux.cgroup;

import dev.minidocker.model.TestResources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.minidocker.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Containers come and go concurrently: one teardown removing the shared minidocker/ parent must
 * never break another container's create, and nothing may be left behind.
 */
@RootOnly
class RealCgroupRaceTest {
    @Test
    void concurrentCreateAndDestroyNeverCollide() throws Exception {
        CgroupManager manager = CgroupManager.detect();
        String prefix = "race-" + ProcessHandle.current().pid() + "-";
        List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String id = prefix + thread + "-" + i;
                        created.add(id);
                        manager.create(id, TestResources.of(null, null, null, null, "0", 50L)).destroy();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            for (String id : List.copyOf(created)) manager.open(id).ifPresent(Cgroup::destroy);
        }
        assertEquals(100, created.size());
        for (String id : created) assertFalse(manager.open(id).isPresent(), id);
        for (Path dir : parents()) {
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(prefix)), dir.toString());
                }
            }
        }
    }

    private static List<Path> parents() throws Exception {
        CgroupMounts m = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        if (m.version().equals("v2")) return List.of(m.unified().resolve("minidocker"));
        return m.v1().values().stream().map(p -> p.resolve("minidocker")).toList();
    }
}
