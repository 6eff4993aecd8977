package dev.minidocker.runtime.container;

import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;

/**
 * {@code run} in the foreground, after planning and {@link ContainerCreate}: {@link ContainerStart},
 * wait for the command, {@link ContainerTeardown}; the container's exit code is the result. A
 * shutdown hook tears down when the JVM itself goes away (Ctrl-C of a run in this process, a
 * SIGTERM to the daemon running it for a client).
 */
public final class ContainerRun {
    private final ContainerStart start;
    private final ContainerTeardown teardown;

    public ContainerRun(ContainerStore store, CgroupFactory cgroups, NetworkSetup network, Clock clock) {
        this(new ContainerStart(store, cgroups, network, clock), new ContainerTeardown(store, cgroups, network, clock));
    }

    public ContainerRun(ContainerStart start, ContainerTeardown teardown) {
        this.start = start;
        this.teardown = teardown;
    }

    /** Runs the container {@code created} made for {@code plan} to its end; its exit code (128+N for signal N). */
    public int run(RunPlan plan, ContainerCreate.Created created, Stage2Source source) {
        return run(plan, created, source, false);
    }

    /**
     * As above; {@code removeIfAbandoned}: when this JVM goes away under the run, the container is
     * removed as with --rm (a build's RUN step: ^C of a build leaves no container), while a normal
     * end keeps it (the build commits it).
     */
    public int run(RunPlan plan, ContainerCreate.Created created, Stage2Source source, boolean removeIfAbandoned) {
        LiveContainer c = LiveContainer.foreground(created.record());
        Thread hook = new Thread(new Abandon(teardown, c, removeIfAbandoned), "minidocker-cleanup-" + plan.id().substring(0, 12));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunningContainer init = start.start(c, created.record(), created.spec(), plan.limits(), source, null);
            int code = init.waitFor();
            c.reaped();
            teardown.ended(c, code, null);
            return code;
        } catch (RuntimeException | Error e) {
            teardown.failed(c, e);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran; it did the cleanup
            }
        }
    }

    /** The shutdown hook's work, as an object (no lambda on the run's path). */
    private record Abandon(ContainerTeardown teardown, LiveContainer c, boolean remove) implements Runnable {
        @Override
        public void run() {
            teardown.abandoned(c, remove);
        }
    }
}
