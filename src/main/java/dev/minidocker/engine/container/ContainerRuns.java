package dev.minidocker.engine.container;

import dev.minidocker.engine.Engine;
import dev.minidocker.engine.HostFacts;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.runtime.ContainerCreator;
import dev.minidocker.runtime.ContainerRunner;
import dev.minidocker.runtime.ContainerStarter;
import dev.minidocker.runtime.LauncherStarter;
import dev.minidocker.runtime.RunPlan;
import dev.minidocker.runtime.Stdio;
import dev.minidocker.runtime.lifecycle.StartableContainers;
import dev.minidocker.state.ContainerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
    int runHere(RunRequest request, String verb) {
        LauncherStarter starter = new LauncherStarter(Stdio.inherit());
        CompletableFuture<ImageResolver> resolver = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("minidocker-prefetch").start(() -> {
            try {
                engine.containerStore();
                engine.network();
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
        starter.prepare(request.tty(), request.interactive(), request.host().networkMode());
        try {
            return run(request, resolver.join(), starter, System.getenv(), System.err);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        } finally {
            starter.discardPrepared();
            // the prefetch may hold the image store's gc lock; a run that failed early lets rmi in
            resolver.thenAccept(ImageResolver::release);
        }
    }

    /**
     * Plans with the caller's environment ({@code -e K}, env-file keys) and its stream for pull
     * progress, then runs the container to its end with {@code starter}'s stage 2.
     */
    int run(RunRequest request, ImageResolver images, ContainerStarter starter, Map<String, String> callerEnv,
            PrintStream progress) {
        ContainerCreator creator = engine.creator();
        RunPlan plan;
        ContainerCreator.Created created;
        try {
            plan = planner(images, callerEnv).plan(request, ContainerStore.newId(), progress);
            created = creator.create(plan);
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        return new ContainerRunner(engine.containerStore(), creator, starter, engine.cgroups(), engine.clock(),
                engine.network()).run(plan, created);
    }

    /**
     * {@code create}: a container the daemon can start (and start again), not started. Pull
     * progress goes to {@code progress}; the Engine API passes a request that never pulls.
     */
    String create(RunRequest request, Map<String, String> callerEnv, PrintStream progress) {
        ImageResolver images = engine.images().resolver();
        RunPlan plan;
        try {
            plan = planner(images, callerEnv).plan(request, ContainerStore.newId(),
                    progress != null ? progress : new PrintStream(OutputStream.nullOutputStream()));
            StartableContainers.create(engine.containerStore(), engine.creator(), plan);
        } finally {
            images.release(); // the record names the image now: rmi refuses to remove it
        }
        return plan.id();
    }

    private RunPlanner planner(ImageResolver images, Map<String, String> callerEnv) {
        return new RunPlanner(images, callerEnv, Runtime.getRuntime().availableProcessors(), HostFacts.hostname());
    }
}
