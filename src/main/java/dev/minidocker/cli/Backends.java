package dev.minidocker.cli;

import dev.minidocker.engine.image.StoreImageResolver;
import dev.minidocker.runtime.BridgeNetworkSetup;
import dev.minidocker.runtime.CgroupFactory;
import dev.minidocker.runtime.NetworkSetup;
import dev.minidocker.runtime.ContainerCreator;
import dev.minidocker.runtime.ContainerRemover;
import dev.minidocker.runtime.ContainerRunner;
import dev.minidocker.runtime.ContainerStarter;
import dev.minidocker.runtime.EtcFilesWriter;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.runtime.CgroupManagerFactory;
import dev.minidocker.runtime.LauncherStarter;
import dev.minidocker.runtime.Stdio;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.RunPlan;
import dev.minidocker.engine.container.RunPlanner;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.runtime.lifecycle.StartableContainers;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Wires the lifecycle to the real image store, launcher and cgroup manager for one invocation. */
record Backends(ContainerStore store, ImageResolver images, ContainerStarter starter, CgroupFactory cgroups,
                NetworkSetup network) {

    static Backends create(Path root) {
        return create(root, new LauncherStarter(Stdio.inherit()));
    }

    private static Backends create(Path root, ContainerStarter starter) {
        ContainerStore store = new ContainerStore(root);
        return new Backends(store, new StoreImageResolver(new ImageStore(root)), starter,
                new CgroupManagerFactory(), new BridgeNetworkSetup(root, store));
    }

    /**
     * {@code run} for the CLI: its slow starts side by side. The main thread checks for root and
     * spawns stage 2 (FFM linking; stage 2's own JVM start-up then runs in its process), a second
     * thread sets up the stores (Jackson, SecureRandom) and looks the image up; then the run
     * proceeds as {@link #run(RunRequest)} does. (A third thread warming up Jackson's serializers
     * was tried: on 2 busy cores it only slowed the other two.)
     */
    static int run(Path root, RunRequest request, String verb) {
        LauncherStarter starter = new LauncherStarter(Stdio.inherit());
        CompletableFuture<Backends> backends = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("minidocker-prefetch").start(() -> {
            try {
                Backends b = create(root, starter);
                if (request.rootfs() == null && request.image() != null) {
                    ImageResolver.PullPolicy policy = RunPlanner.pullPolicyOrNull(request.pull());
                    if (policy != null) b.images.prefetch(request.image(), policy, request.platform());
                }
                backends.complete(b);
            } catch (Throwable t) {
                backends.completeExceptionally(t);
            }
        });
        RootPrivileges.require(verb);
        starter.prepare(request.tty(), request.interactive(), request.network());
        try {
            return backends.join().plannedRun(request);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        } finally {
            starter.discardPrepared();
            // the prefetch may hold the image store's gc lock; a run that failed early lets rmi in
            backends.thenAccept(b -> b.images.release());
        }
    }

    /** Plans (validating every flag, pulling if needed), then runs the container to its end. */
    int run(RunRequest request) {
        // Stage 2's JVM starts now, side by side with the image lookup and the record writing.
        starter.prepare(request.tty(), request.interactive(), request.network());
        try {
            return plannedRun(request);
        } finally {
            starter.discardPrepared();
        }
    }

    private int plannedRun(RunRequest request) {
        return plannedRun(request, System.getenv(), System.err);
    }

    /**
     * Plans with the caller's environment ({@code -e K}, env-file keys) and its stream for pull
     * progress, then runs the container to its end: the daemon's run for a client ({@link DaemonRun}).
     */
    int plannedRun(RunRequest request, java.util.Map<String, String> callerEnv, java.io.PrintStream progress) {
        Clock clock = Clock.systemUTC();
        ContainerCreator creator = creator(clock);
        RunPlan plan;
        ContainerCreator.Created created;
        try {
            plan = plan(request, callerEnv, progress);
            created = creator.create(plan);
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        return new ContainerRunner(store, creator, starter, cgroups, clock, network).run(plan, created);
    }

    /** {@code run -d}: plans and creates here, then the daemon (started on demand) starts and owns it. */
    String runDetached(RunRequest request) {
        RunPlan plan;
        try {
            plan = plan(request);
            StartableContainers.create(store, creator(Clock.systemUTC()), plan);
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        try {
            DaemonClient.ensureRunning(store.root()).call("POST", "/containers/" + plan.id() + "/start", null);
        } catch (RuntimeException e) {
            if (plan.autoRemove()) store.remove(plan.id());
            throw e;
        }
        return plan.id();
    }

    private RunPlan plan(RunRequest request) {
        return plan(request, System.getenv(), System.err);
    }

    private RunPlan plan(RunRequest request, java.util.Map<String, String> env, java.io.PrintStream progress) {
        RunPlanner planner = new RunPlanner(images, env, Runtime.getRuntime().availableProcessors(), hostHostname());
        return planner.plan(request, ContainerStore.newId(), progress);
    }

    private ContainerCreator creator(Clock clock) {
        return new ContainerCreator(store, new EtcFilesWriter(Path.of("/etc")), clock);
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
