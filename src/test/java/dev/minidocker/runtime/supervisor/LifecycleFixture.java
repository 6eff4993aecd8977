package dev.minidocker.runtime.supervisor;

import dev.minidocker.engine.container.RunPlanner;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.EtcFilesWriter;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.StoreLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A store, a busybox root directory with every applet, and plans for detached containers. */
final class LifecycleFixture {
    final Path root;
    final Path rootfs;
    final ContainerStore store;
    final CgroupManagerFactory cgroups = new CgroupManagerFactory();
    /** Every container of the store, for the tests' final check: see {@link StoreLeaks}. */
    final StoreLeaks leaks;

    LifecycleFixture(Path tmp) throws IOException, InterruptedException {
        root = tmp.resolve("store");
        rootfs = tmp.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) Files.createDirectories(rootfs.resolve(d));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes()).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
        }
        list.waitFor();
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        store = new ContainerStore(root);
        leaks = StoreLeaks.watch(root);
    }

    Supervisor supervisor() {
        Clock clock = Clock.systemUTC();
        return new Supervisor(store, new ContainerCreate(store, new EtcFilesWriter(Path.of("/etc")), clock), cgroups, clock);
    }

    RunPlan plan(String name, String restart, boolean init, String... command) {
        RunRequest r = new RunRequest.Builder().name(name).rootfs(rootfs).command(List.of(command))
                .restart(dev.minidocker.model.RestartPolicy.parse(restart)).init(init).build();
        return new RunPlanner(null, Map.of(), Runtime.getRuntime().availableProcessors(), "host")
                .plan(r, ContainerStore.newId(), System.err);
    }

    ContainerState state(String id) {
        return store.state(id).orElseThrow();
    }

    String logText(String id) {
        StringBuilder out = new StringBuilder();
        new LogReader(store).read(id, -1, false, () -> false, e -> out.append(e.log()));
        return out.toString();
    }

    /** Polls a condition the product makes true asynchronously; fails after 20 s. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    /**
     * Fails if any of these containers still has a cgroup. Only our own ids are checked: other
     * builds on the same machine create and remove container cgroups concurrently.
     */
    void assertNoCgroups(java.util.Collection<String> ids) {
        for (String id : ids) {
            if (cgroups.open(id).isPresent()) throw new AssertionError("the cgroup of container " + id + " survived");
        }
    }
}
