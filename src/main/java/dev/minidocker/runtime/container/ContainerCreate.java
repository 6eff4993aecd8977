package dev.minidocker.runtime.container;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code create}: the record, the overlay dirs and the generated /etc files, and the spec stage 2
 * will get. On failure it undoes its own work before rethrowing: the dirs go, the record stays
 * marked with the error (or goes too with --rm).
 */
public final class ContainerCreate {
    /** What the container dir holds besides the record; removed on failure and by rm. */
    static final List<String> RUNTIME_ENTRIES = List.of("upper", "work", "merged", "hostname", "hosts", "resolv.conf",
            dev.minidocker.network.HostsFile.EXTRA);

    private final ContainerStore store;
    private final EtcFilesWriter etc;
    private final Clock clock;

    public ContainerCreate(ContainerStore store, EtcFilesWriter etc, Clock clock) {
        this.store = store;
        this.etc = etc;
        this.clock = clock;
    }

    /** A stored record and the spec to start it with. */
    public record Created(ContainerRecord record, ContainerSpec spec) {}

    /**
     * {@code create} of a container that a supervisor can start (and start again): the record and
     * dirs as {@link #create} makes them, plus the stored stage-2 spec (start.json). Needs no
     * supervisor, so the CLI creates locally (pull progress on its own terminal) and asks the daemon
     * only to start.
     */
    public ContainerRecord createStartable(RunPlan plan) {
        Created created = create(plan);
        try {
            new StoredSpec(created.spec(), plan.limits()).save(store.containerDir(plan.id()));
        } catch (RuntimeException e) {
            store.remove(plan.id());
            throw e;
        }
        return created.record();
    }

    /** The record, the runtime dirs and the /etc files of a foreground run, and its spec. */
    public Created create(RunPlan plan) {
        return create(plan, null);
    }

    /** As {@link #create(RunPlan)}, for a run {@code owner} owns (ContainerSweep cleans up after it if it dies). */
    public Created create(RunPlan plan, ContainerStore.Owner owner) {
        ContainerRecord record = store.create(new ContainerRecord(plan.id(), plan.name(), plan.image(),
                plan.imageRef(), plan.config(), plan.hostConfig(), clock.instant().toString()), owner);
        Path dir = store.containerDir(plan.id());
        try {
            ContainerSpec.RootFs rootfs;
            if (plan.plainRootfs() != null) {
                rootfs = new ContainerSpec.RootFs(List.of(), null, null, plan.plainRootfs());
            } else {
                // upper/ is the container's / (overlay takes the root's mode from it): its users must enter it
                Files.createDirectory(dir.resolve("upper"), StoreFiles.PUBLIC_DIR);
                StoreFiles.createDirectory(dir.resolve("work"));
                StoreFiles.createDirectory(dir.resolve("merged"));
                rootfs = new ContainerSpec.RootFs(plan.lowerDirs(), dir.resolve("upper").toString(),
                        dir.resolve("work").toString(), dir.resolve("merged").toString());
            }
            ContainerHardening.Decided security = ContainerHardening.decide(store.root(), plan.hostConfig().security());
            for (VolumeCopyUp v : plan.copyUps()) v.run(plan.lowerDirs());
            ContainerRecord.HostConfig h = plan.hostConfig();
            ContainerSpec.EtcFiles etcFiles = etc.write(dir, plan.config().hostname(), plan.network(), orEmpty(h.extraHosts()),
                    orEmpty(h.dns()), orEmpty(h.dnsSearch()), orEmpty(h.dnsOptions()));
            // --uts host: the host's name, which stage 2 must not set (it would rename the host)
            String utsName = h.security().utsMode().equals("host") ? null : plan.config().hostname();
            ContainerSpec spec = new ContainerSpec(plan.id(), utsName, plan.config().argv(),
                    plan.env(), plan.config().workingDir(), plan.config().user(), rootfs,
                    plan.hostConfig().readonlyRootfs(), plan.mounts(), specNetwork(plan.network()), plan.config().tty(),
                    plan.config().openStdin(), security.capabilities(), etcFiles)
                    .withInit(plan.hostConfig().init())
                    .withHardening(security.hardening());
            return new Created(record, spec);
        } catch (IOException | RuntimeException e) {
            discard(store, plan.id(), plan.autoRemove(), ContainerExit.TOOL_ERROR, e, clock);
            if (e instanceof IOException io) throw new UncheckedIOException("create container " + plan.id() + ": " + e.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /**
     * The network as stage 2's launcher needs it: container:NAME becomes "netns:/proc/PID/ns/net"
     * of that container's running init, which stage 2 joins instead of making its own.
     */
    private String specNetwork(String mode) {
        if (!mode.startsWith("container:")) return mode;
        String target = mode.substring("container:".length());
        String id = store.resolve(target);
        ContainerState s = store.state(id).orElse(ContainerState.created());
        if (!Liveness.isRunning(s)) {
            throw new dev.minidocker.MiniDockerException("cannot join network of a non running container: " + target);
        }
        return "netns:/proc/" + s.pid() + "/ns/net";
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    /** Removes a container's runtime dirs and files, keeping config.json and state.json. */
    public static void removeRuntimeEntries(ContainerStore store, String id) {
        Path dir = store.containerDir(id);
        for (String entry : RUNTIME_ENTRIES) {
            try {
                AtomicFiles.deleteTree(dir.resolve(entry));
            } catch (IOException e) {
                throw new UncheckedIOException("remove " + dir.resolve(entry) + ": " + e.getMessage(), e);
            }
        }
    }

    /** After a failure: runtime dirs go; the record is marked (exit code, error) or removed (--rm). */
    public static void discard(ContainerStore store, String id, boolean autoRemove, int exitCode, Throwable why, Clock clock) {
        try {
            removeRuntimeEntries(store, id);
            if (autoRemove) {
                store.remove(id);
            } else {
                ContainerState s = store.state(id).orElse(ContainerState.created());
                store.writeState(id, s.failed(exitCode, oneLine(why), clock.instant()));
            }
        } catch (RuntimeException cleanupFailure) {
            why.addSuppressed(cleanupFailure);
        }
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
