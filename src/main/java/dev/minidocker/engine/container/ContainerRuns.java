package dev.minidocker.engine.container;

import dev.minidocker.engine.Engine;
import dev.minidocker.engine.HostFacts;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.ContainerRun;
import dev.minidocker.runtime.container.ContainerSweep;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.process.SpawningStage2Source;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Plan, create and run: the one path from a {@link RunRequest} to a container, for a foreground
 * run in this process, a client's run in the daemon, and a create (detached run, Engine API).
 */
final class ContainerRuns {
    private final Engine engine;

    ContainerRuns(Engine engine) {
        this.engine = engine;
    }

    /**
     * {@code run} in the CLI's own process, to the container's end. Its slow starts side by side:
     * this thread checks for root and spawns stage 2 (FFM linking; stage 2's JVM start-up then runs
     * in its own process), a second one sets up the stores (Jackson, SecureRandom) and looks the
     * image up. (A third warming up Jackson's serializers was tried: on 2 busy cores it only
     * slowed the other two.)
     */
    int runHere(RunRequest request, String verb, Consumer<String> onCreated) {
        SpawningStage2Source stage2 = SpawningStage2Source.diesWithCaller(Stdio.inherit());
        CompletableFuture<ImageResolver> resolver = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("minidocker-prefetch").start(() -> {
            try {
                engine.containerStore();
                engine.network();
                engine.containers().sweepOrphans(); // what killed runs left goes before this run takes a name or an address
                ImageResolver images = engine.images().resolver();
                if (request.rootfs() == null && request.image() != null) {
                    images.prefetch(request.image(), request.pull(), request.platform());
                }
                resolver.complete(images);
            } catch (Throwable t) {
                resolver.completeExceptionally(t);
            }
        });
        RootPrivileges.require(verb);
        stage2.prepare(request.tty(), request.interactive(), request.host().networkMode());
        try {
            return run(request, resolver.join(), stage2, System.getenv(), System.err, ContainerSweep.thisProcess(), false,
                    onCreated);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        } finally {
            stage2.discardPrepared();
            // the prefetch may hold the image store's gc lock; a run that failed early lets rmi in
            resolver.thenAccept(ImageResolver::release);
        }
    }

    /**
     * Plans with the caller's environment ({@code -e K}, env-file keys) and its stream for pull
     * progress, then runs the container to its end with a stage 2 from {@code stage2}.
     */
    int run(RunRequest request, ImageResolver images, Stage2Source stage2, Map<String, String> callerEnv,
            PrintStream progress) {
        return run(request, images, stage2, callerEnv, progress, null, false, null);
    }

    /**
     * As above; {@code owner}: the process whose death ends the run (the in-process run's), or
     * null; {@code removeIfAbandoned}: a build's step, whose container goes when this process is
     * terminated; {@code onCreated} (may be null) gets the container's id once its record exists,
     * before it starts (--cidfile).
     */
    int run(RunRequest request, ImageResolver images, Stage2Source stage2, Map<String, String> callerEnv,
            PrintStream progress, ContainerStore.Owner owner, boolean removeIfAbandoned, Consumer<String> onCreated) {
        ContainerCreate creator = engine.creator();
        RunPlan plan;
        ContainerCreate.Created created;
        String id = ContainerStore.newId();
        RunRequest prepared = TarballRootfs.prepare(engine, request, id);
        try {
            plan = planner(images, callerEnv).plan(prepared, id, progress);
            created = creator.create(plan, owner);
        } catch (RuntimeException e) {
            TarballRootfs.discardIfUnused(engine, prepared, request, id);
            throw e;
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        if (onCreated != null) {
            try {
                onCreated.accept(id);
            } catch (RuntimeException e) {
                engine.containerStore().remove(id); // never started: nothing else to undo
                throw e;
            }
        }
        return new ContainerRun(engine.containerStore(), engine.cgroups(), engine.network(), engine.clock())
                .run(plan, created, stage2, removeIfAbandoned);
    }

    /**
     * {@code create}: a container the daemon can start (and start again), not started. Pull
     * progress goes to {@code progress}; the Engine API passes a request that never pulls.
     */
    String create(RunRequest request, Map<String, String> callerEnv, PrintStream progress) {
        ImageResolver images = engine.images().resolver();
        RunPlan plan;
        String id = ContainerStore.newId();
        RunRequest prepared = TarballRootfs.prepare(engine, request, id);
        try {
            plan = planner(images, callerEnv).plan(prepared, id,
                    progress != null ? progress : new PrintStream(OutputStream.nullOutputStream()));
            engine.creator().createStartable(plan);
        } catch (RuntimeException e) {
            TarballRootfs.discardIfUnused(engine, prepared, request, id);
            throw e;
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        return plan.id();
    }

    private RunPlanner planner(ImageResolver images, Map<String, String> callerEnv) {
        return new RunPlanner(images, callerEnv, Runtime.getRuntime().availableProcessors(), HostFacts.hostname(), engine.root());
    }
}
