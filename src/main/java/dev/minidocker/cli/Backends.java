package dev.minidocker.cli;

import dev.minidocker.runtime.BridgeNetworkSetup;
import dev.minidocker.runtime.CgroupFactory;
import dev.minidocker.runtime.NetworkSetup;
import dev.minidocker.runtime.ContainerCreator;
import dev.minidocker.runtime.ContainerRemover;
import dev.minidocker.runtime.ContainerRunner;
import dev.minidocker.runtime.ContainerStarter;
import dev.minidocker.runtime.EtcFilesWriter;
import dev.minidocker.runtime.ImageResolver;
import dev.minidocker.runtime.CgroupManagerFactory;
import dev.minidocker.runtime.LauncherStarter;
import dev.minidocker.runtime.Stdio;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.RunPlan;
import dev.minidocker.runtime.RunPlanner;
import dev.minidocker.runtime.RunRequest;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Wires the lifecycle to the real image store, launcher and cgroup manager for one invocation. */
record Backends(ContainerStore store, ImageResolver images, ContainerStarter starter, CgroupFactory cgroups,
                NetworkSetup network) {

    static Backends create(Path root) {
        ContainerStore store = new ContainerStore(root);
        return new Backends(store, new StoreImageResolver(new ImageStore(root)),
                new LauncherStarter(Stdio.inherit()), new CgroupManagerFactory(), new BridgeNetworkSetup(root, store));
    }

    /** Plans (validating every flag, pulling if needed), then runs the container to its end. */
    int run(RunRequest request) {
        RunPlanner planner = new RunPlanner(images, System.getenv(), Runtime.getRuntime().availableProcessors(),
                hostHostname());
        RunPlan plan = planner.plan(request, ContainerStore.newId(), System.err);
        Clock clock = Clock.systemUTC();
        ContainerCreator creator = new ContainerCreator(store, new EtcFilesWriter(Path.of("/etc")), clock);
        return new ContainerRunner(store, creator, starter, cgroups, clock, network).run(plan);
    }

    ContainerRemover remover() {
        return new ContainerRemover(store, cgroups, network);
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
