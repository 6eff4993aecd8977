package dev.minidocker.engine.container;

import dev.minidocker.model.GoDuration;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.runtime.container.ContainerExec;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerHealth;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The daemon's health checks (an image's HEALTHCHECK, run's {@code --health-*}, the API's
 * Config.Healthcheck), as moby runs them: while a container with a check runs, its test runs
 * inside it as {@code exec} would run it, first one interval after the start (the start interval
 * while it is starting within its start period), then one interval after each check ends. A check
 * that outlives its timeout is killed and fails with exit code -1. Each result goes to the
 * container's {@code health.json} ({@link ContainerHealth} applies the rules); a change of status
 * is a {@code health_status: STATUS} event. No checks run while it is paused; when it ends it is
 * reported unhealthy, as Docker reports it. Foreground runs in the CLI's own process have no
 * daemon watching them, so no checks.
 */
public final class HealthMonitor implements ContainerStore.Observer, AutoCloseable {
    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final Clock clock;
    private final BiConsumer<String, String> events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("minidocker-health").unstarted(r));
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** One running container's checks: its test and when this run of it started. */
    private static final class Watch {
        final String id;
        final Healthcheck check;
        final List<String> argv;
        final Instant startedAt;
        volatile boolean stopped;
        volatile ScheduledFuture<?> next;

        Watch(String id, Healthcheck check, List<String> argv, Instant startedAt) {
            this.id = id;
            this.check = check;
            this.argv = argv;
            this.startedAt = startedAt;
        }
    }

    /** {@code events} is told (container id, action) of each change of status. */
    public HealthMonitor(ContainerStore store, CgroupFactory cgroups, Clock clock, BiConsumer<String, String> events) {
        this.store = store;
        this.cgroups = cgroups;
        this.clock = clock;
        this.events = events;
    }

    // Told under the container's lock: the work goes to the timer's thread.
    @Override
    public void stateChanged(String id, ContainerState before, ContainerState after) {
        boolean was = before.isRunning(), is = after.isRunning();
        if (is && (!was || before.pid() != after.pid())) submit(() -> watch(id));
        else if (was && !is) submit(() -> unwatch(id, true));
    }

    @Override
    public void removed(ContainerRecord record) {
        submit(() -> unwatch(record.id(), false));
    }

    /** On the timer's thread; nothing once the daemon closes (a store write must never fail for it). */
    private void submit(Runnable work) {
        try {
            timer.execute(work);
        } catch (RejectedExecutionException closed) {
            // the daemon is closing: no more checks
        }
    }

    /** At the daemon's start: checks for the running containers it adopted. */
    public void resumeAll() {
        submit(() -> {
            for (String id : store.ids()) {
                if (store.state(id).filter(Liveness::isRunning).isPresent()) watch(id);
            }
        });
    }

    private void watch(String id) {
        unwatch(id, false);
        Optional<ContainerRecord> record = store.load(id);
        Optional<ContainerState> state = store.state(id);
        if (record.isEmpty() || state.isEmpty() || !state.get().isRunning() || state.get().startedAt() == null) return;
        Healthcheck check = record.get().config().healthcheck();
        Optional<List<String>> argv = check == null ? Optional.empty() : check.probe();
        if (argv.isEmpty()) return;
        if (!store.writeHealth(id, ContainerHealth.starting(store.health(id).orElse(null)))) return;
        Watch w = new Watch(id, check, argv.get(), Instant.parse(state.get().startedAt()));
        watches.put(id, w);
        scheduleNext(w, ContainerHealth.STARTING);
    }

    private void unwatch(String id, boolean ended) {
        Watch w = watches.remove(id);
        if (w == null) return;
        synchronized (w) {
            w.stopped = true;
            if (w.next != null) w.next.cancel(false);
            if (ended) store.health(id).ifPresent(h -> store.writeHealth(id, h.stopped()));
        }
    }

    private void scheduleNext(Watch w, String status) {
        if (w.stopped || timer.isShutdown()) return;
        long millis = Math.max(1, delay(w, status).toMillis());
        try {
            w.next = timer.schedule(() -> Thread.ofVirtual().name("health-" + w.id.substring(0, 12)).start(() -> runCheck(w)),
                    millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the daemon closed meanwhile
        }
    }

    /** moby's: within the start period the start interval while starting (but never past the period's end). */
    private Duration delay(Watch w, String status) {
        Duration interval = w.check.intervalOrDefault();
        Duration startPeriod = w.check.startPeriodOrZero();
        Duration elapsed = Duration.between(w.startedAt, clock.instant());
        if (elapsed.compareTo(startPeriod) >= 0) return interval;
        Duration remaining = startPeriod.minus(elapsed);
        if (remaining.compareTo(interval) < 0) return remaining;
        return status.equals(ContainerHealth.STARTING) ? w.check.startIntervalOrDefault() : interval;
    }

    private void runCheck(Watch w) {
        try {
            checkOnce(w);
        } catch (RuntimeException e) {
            // an unreadable or unwritable health.json must not end the checks: try again next interval
            System.err.println("mini-docker: health check of " + w.id.substring(0, 12) + ": " + e.getMessage());
            scheduleNext(w, ContainerHealth.STARTING);
        }
    }

    private void checkOnce(Watch w) {
        Optional<ContainerState> state = store.state(w.id);
        if (w.stopped || state.isEmpty() || !Liveness.isRunning(state.get())) return;
        String status = store.health(w.id).map(ContainerHealth::status).orElse(ContainerHealth.STARTING);
        if (state.get().paused()) {
            scheduleNext(w, status);
            return;
        }
        Instant start = clock.instant();
        ContainerHealth.Check result = probe(w, start);
        synchronized (w) {
            if (w.stopped) return;
            ContainerHealth before = store.health(w.id).orElse(ContainerHealth.starting(null));
            ContainerHealth after = before.after(result, Duration.between(w.startedAt, start),
                    w.check.startPeriodOrZero(), w.check.retriesOrDefault());
            if (!store.writeHealth(w.id, after)) return;
            if (!after.status().equals(before.status())) events.accept(w.id, "health_status: " + after.status());
            status = after.status();
        }
        scheduleNext(w, status);
    }

    /** Runs the test once in the container: its exit code and output (stdout and stderr together, cut). */
    private ContainerHealth.Check probe(Watch w, Instant start) {
        ExecPipes pipes = ExecPipes.open(false);
        RunningContainer process;
        try {
            process = new ContainerExec(store, cgroups).start(w.id,
                    new ContainerExec.Request(w.argv, null, null, null, false, false),
                    Stdio.of(pipes.childIn(), pipes.childOut(), pipes.childErr()), Map.of());
        } catch (RuntimeException e) {
            pipes.close();
            return new ContainerHealth.Check(start.toString(), clock.instant().toString(), -1, String.valueOf(e.getMessage()));
        }
        pipes.closeChildEnds();
        Output output = new Output();
        // The pump owns the read ends from here: a process the test left behind may hold the pipes past its end.
        Thread pump = Thread.ofPlatform().daemon().name("health-output").start(() -> {
            pipes.pumpOutput(output);
            pipes.close();
        });
        Duration timeout = w.check.timeoutOrDefault();
        ScheduledFuture<?> killer = null;
        try {
            killer = timer.schedule(() -> {
                output.timedOut = true;
                process.signal(9);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            process.signal(9); // the daemon is closing: this check is not waited for
        }
        int code = process.waitFor();
        if (killer != null) killer.cancel(false);
        try {
            pump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String end = clock.instant().toString();
        if (output.timedOut) {
            String printed = output.text();
            return new ContainerHealth.Check(start.toString(), end, -1, "Health check exceeded timeout ("
                    + GoDuration.format(timeout) + ")" + (printed.isEmpty() ? "" : ": " + printed));
        }
        return new ContainerHealth.Check(start.toString(), end, code, output.text());
    }

    /** The first {@link ContainerHealth#MAX_OUTPUT} bytes of a check's output, "..." when there was more. */
    private static final class Output implements ExecPipes.Sink {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;
        volatile boolean timedOut;

        @Override
        public synchronized void write(int stream, byte[] b, int off, int len) {
            int room = ContainerHealth.MAX_OUTPUT - kept.size();
            if (len > room) truncated = true;
            kept.write(b, off, Math.max(0, Math.min(room, len)));
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8) + (truncated ? "..." : "");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Watch w : watches.values()) w.stopped = true;
        watches.clear();
    }
}
