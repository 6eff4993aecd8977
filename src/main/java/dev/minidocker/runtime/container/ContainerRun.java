package dev.minidocker.runtime.container;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.ContainerStarter;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;

/**
 * {@code run} after planning: create the record and dirs, the cgroup, start stage 2 (placed in the
 * cgroup before it runs anything), wait, record how it ended, release everything. Every failure
 * undoes what was made; a shutdown hook is the last resort when the JVM itself is going away.
 */
public final class ContainerRun {
    private static final int SIGKILL = 9;
    private final ContainerStore store;
    private final ContainerCreate creator;
    private final ContainerStarter starter;
    private final CgroupFactory cgroups;
    private final Clock clock;
    private final NetworkSetup network;

    public ContainerRun(ContainerStore store, ContainerCreate creator, ContainerStarter starter,
                           CgroupFactory cgroups, Clock clock) {
        this(store, creator, starter, cgroups, clock, NetworkSetup.NONE);
    }

    public ContainerRun(ContainerStore store, ContainerCreate creator, ContainerStarter starter,
                           CgroupFactory cgroups, Clock clock, NetworkSetup network) {
        this.network = network;
        this.store = store;
        this.creator = creator;
        this.starter = starter;
        this.cgroups = cgroups;
        this.clock = clock;
    }

    /** Runs the container to its end and returns its exit code (128+N for signal N). */
    public int run(RunPlan plan) {
        return run(plan, creator.create(plan));
    }

    /** As {@link #run(RunPlan)} for a container whose record and dirs {@code created} already made. */
    public int run(RunPlan plan, ContainerCreate.Created created) {
        Run run = new Run(plan, created.record());
        Thread hook = new Thread(run::abandon, "minidocker-cleanup-" + plan.id().substring(0, 12));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.execute(created.spec());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran; it did the cleanup
            }
        }
    }

    /** One container's run; {@code lock} keeps the main thread and the shutdown hook from both cleaning up. */
    private final class Run {
        private final RunPlan plan;
        private final dev.minidocker.state.ContainerRecord record;
        private final Object lock = new Object();
        private CgroupFactory.Handle cgroup;
        private ContainerStarter.Started started;
        private boolean finished;
        private volatile boolean reaped;

        Run(RunPlan plan, dev.minidocker.state.ContainerRecord record) {
            this.plan = plan;
            this.record = record;
        }

        int execute(ContainerSpec spec) {
            try {
                // The cgroup is made while stage 2's JVM starts; stage 2 waits for it (Stage2Launcher).
                ContainerStarter.Started s = starter.start(spec, pid -> {
                    CgroupFactory.Handle cg = cgroups.create(plan.id(), plan.limits());
                    synchronized (lock) {
                        if (finished) { // the shutdown hook ran meanwhile
                            cg.destroy();
                            throw new ContainerStartException("mini-docker was terminated; container not started");
                        }
                        cgroup = cg;
                    }
                    network.setUp(record, pid);
                    return cg.placement();
                });
                CgroupFactory.Handle cg;
                synchronized (lock) {
                    started = s;
                    cg = cgroup;
                }
                long startTime = ProcessIdentity.startTime(s.pid()).orElse(0);
                // Kept in memory rather than read back: nobody else changes a foreground run's
                // state, and reading it would make Jackson build a deserializer on the way out.
                ContainerState running = ContainerState.created().running(s.pid(), startTime, clock.instant());
                store.writeState(plan.id(), running);
                int code = s.waitFor();
                reaped = true;
                synchronized (lock) {
                    if (finished) return code;
                    finished = true;
                    boolean oom = cg.oomKilled();
                    releaseCgroup();
                    store.writeState(plan.id(), running.exited(code, oom, clock.instant()));
                    network.tearDown(plan.id());
                    if (plan.autoRemove()) store.remove(plan.id(), record.name());
                    return code;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                throw new IllegalStateException("interrupted while waiting for container " + plan.id(), e);
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
        }

        private void fail(Throwable e) {
            synchronized (lock) {
                if (finished) return;
                finished = true;
                try {
                    releaseCgroup();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                try {
                    network.tearDown(plan.id());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                ContainerCreate.discard(store, plan.id(), plan.autoRemove(), ContainerExit.ofStartFailure(e), e, clock);
            }
        }

        /** Shutdown hook: the JVM is exiting under us; kill the container and leave only the record. */
        void abandon() {
            synchronized (lock) {
                if (finished) return;
                finished = true;
                try {
                    releaseCgroup();
                    network.tearDown(plan.id());
                } finally {
                    ContainerCreate.discard(store, plan.id(), plan.autoRemove(), ContainerExit.SIGKILL,
                            new IllegalStateException("mini-docker was terminated; container killed"), clock);
                }
            }
        }

        /** Kills whatever is left in the cgroup, waits for init to be gone, removes the cgroup. */
        private void releaseCgroup() {
            // Until its last step stage 2 runs outside the container's cgroup (CgroupPlacement).
            if (started != null && !reaped) started.signal(SIGKILL);
            if (cgroup == null) return;
            cgroup.killAll();
            if (started != null && !reaped) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (ProcessIdentity.isAlive(started.pid(), 0) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    sleepQuietly(10);
                }
            }
            RuntimeException last = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    cgroup.destroy();
                    cgroup = null;
                    return;
                } catch (RuntimeException busy) {
                    // rmdir fails with EBUSY until the killed tasks have left the cgroup
                    last = busy;
                    cgroup.killAll();
                    sleepQuietly(20);
                }
            }
            throw last;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
