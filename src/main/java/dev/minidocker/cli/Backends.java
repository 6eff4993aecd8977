package dev.minidocker.cli;

import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.ImageResolver;
import dev.minidocker.runtime.RunPlanner;
import dev.minidocker.runtime.RunRequest;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.ContainerRun;
import dev.minidocker.runtime.container.EtcFilesWriter;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.host.BridgeNetworkSetup;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.SpawningStage2Source;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Wires the lifecycle to the real image store, launcher and cgroup manager for one invocation. */
record Backends(ContainerStore store, ImageResolver images, Stage2Source stage2, CgroupFactory cgroups,
                NetworkSetup network) {

    static Backends create(Path root) {
        return create(root, new SpawningStage2Source(Stdio.inherit()));
    }

    private static Backends create(Path root, Stage2Source stage2) {
        ContainerStore store = new ContainerStore(root);
        return new Backends(store, new StoreImageResolver(new ImageStore(root)), stage2,
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
        SpawningStage2Source stage2 = new SpawningStage2Source(Stdio.inherit());
        CompletableFuture<Backends> backends = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("minidocker-prefetch").start(() -> {
            try {
                Backends b = create(root, stage2);
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
        stage2.prepare(request.tty(), request.interactive(), request.network());
        try {
            return backends.join().plannedRun(request);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        } finally {
            stage2.discardPrepared();
            // the prefetch may hold the image store's gc lock; a run that failed early lets rmi in
            backends.thenAccept(b -> b.images.release());
        }
    }

    /** Plans (validating every flag, pulling if needed), then runs the container to its end. */
    int run(RunRequest request) {
        // Stage 2's JVM starts now, side by side with the image lookup and the record writing.
        stage2.prepare(request.tty(), request.interactive(), request.network());
        try {
            return plannedRun(request);
        } finally {
            stage2.discardPrepared();
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
        ContainerCreate creator = creator(clock);
        RunPlan plan;
        ContainerCreate.Created created;
        try {
            plan = plan(request, callerEnv, progress);
            created = creator.create(plan);
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        return new ContainerRun(store, cgroups, network, clock).run(plan, created, stage2);
    }

    /** {@code run -d}: plans and creates here, then the daemon (started on demand) starts and owns it. */
    String runDetached(RunRequest request) {
        RunPlan plan;
        try {
            plan = plan(request);
            creator(Clock.systemUTC()).createStartable(plan);
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

    private ContainerCreate creator(Clock clock) {
        return new ContainerCreate(store, new EtcFilesWriter(Path.of("/etc")), clock);
    }

    ContainerRemove remover() {
        return new ContainerRemove(store, cgroups, network);
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
