package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.model.EnvironmentParser;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.process.ExecLauncher;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: a new process in a running container, with the container's environment (plus
 * -e), user (or -u), working dir (or -w), capabilities, namespaces and cgroup. The caller owns the
 * returned process (its stdio are the caller's), so the CLI can run this without a daemon.
 */
public final class ContainerExec {
    private final ContainerStore store;
    private final CgroupFactory cgroups;

    public ContainerExec(ContainerStore store, CgroupFactory cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    /** What {@code exec} was asked for; null fields take the container's values. */
    public record Request(List<String> command, List<String> env, String workdir, String user, boolean interactive,
                          boolean tty) {}

    public RunningContainer start(String id, Request r, Stdio stdio, Map<String, String> hostEnv) {
        ContainerRecord record = store.load(id).orElseThrow(() -> new MiniDockerException("No such container: " + id));
        ContainerState state = store.state(id).orElseThrow(() -> new MiniDockerException("No such container: " + id));
        if (!Liveness.isRunning(state)) throw new MiniDockerException("container " + id + " is not running");
        if (r.command().isEmpty()) throw new MiniDockerException("exec requires at least 1 command argument");
        if (r.workdir() != null && !r.workdir().isEmpty() && !r.workdir().startsWith("/")) {
            throw new MiniDockerException("the working directory '" + r.workdir() + "' is invalid, it needs to be an absolute path");
        }
        var dir = store.containerDir(id);
        StoredSpec stored = Files.exists(dir.resolve("start.json")) ? StoredSpec.load(dir, id) : null;
        List<String> baseEnv = stored != null ? stored.spec().env() : record.config().env();
        List<String> env = EnvironmentParser.merge(baseEnv == null ? List.of() : baseEnv,
                EnvironmentParser.fromFlag(r.env() == null ? List.of() : r.env(), hostEnv));
        // As the container was started: its stored spec, or (a foreground run keeps no start.json) its settings again.
        ContainerHardening.Decided decided = stored != null ? null
                : ContainerHardening.decide(store.root(), record.hostConfig().security());
        List<String> caps = stored != null ? stored.spec().capabilities() : decided.capabilities();
        List<String> procs = cgroups.open(id).map(h -> h.placement().join()).orElse(List.of());
        String workdir = r.workdir() != null && !r.workdir().isEmpty() ? r.workdir() : record.config().workingDir();
        String user = r.user() != null ? r.user() : record.config().user();
        Hardening hardening = stored != null ? stored.spec().hardening() : decided.hardening();
        ExecSpec spec = new ExecSpec(r.command(), env, workdir, user, r.tty(), caps, procs, hardening);
        return new ExecLauncher().start(state.pid(), spec, r.interactive(), stdio);
    }
}
