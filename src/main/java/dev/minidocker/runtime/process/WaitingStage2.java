package dev.minidocker.runtime.process;

import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Stage2Message;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A stage 2 that {@link Stage2Launcher} spawned in its namespaces: its JVM starting (or up), waiting
 * on the sync socket for its spec. What a {@link Stage2Source} hands out; {@link #release} gives it
 * its container, {@link #abandon} gives it up. Used once.
 */
public final class WaitingStage2 implements Stage2Source.Taken {
    private static final int SIGKILL = 9;
    private final int pid, syncWrite, errorRead, ptyMaster;
    private final boolean tty, hostNetwork;
    private final String joinNetns;
    private final List<String> hostNamespaces; // Stage2Launcher.hostNamespaces of its spawn
    private final Stdio stdio;
    private final StdioRelay relay; // the relay of the stdio it was spawned with, else null
    private boolean used;

    WaitingStage2(int pid, int syncWrite, int errorRead, int ptyMaster, boolean tty, boolean hostNetwork,
                  String joinNetns, List<String> hostNamespaces, Stdio stdio, StdioRelay relay) {
        this.pid = pid;
        this.syncWrite = syncWrite;
        this.errorRead = errorRead;
        this.ptyMaster = ptyMaster;
        this.tty = tty;
        this.hostNetwork = hostNetwork;
        this.joinNetns = joinNetns;
        this.hostNamespaces = hostNamespaces;
        this.stdio = stdio;
        this.relay = relay;
    }

    public int pid() {
        return pid;
    }

    /** The pty master (with a tty), else -1; released containers own it (see LaunchedContainer). */
    public int ptyMaster() {
        return ptyMaster;
    }

    /**
     * For a container with a start gate (an OCI bundle's `create`): releases it like {@link
     * #release} but returns once stage 2 reports it waits at the gate (Stage2Protocol.WAITING),
     * leaving it running. Throws (stage 2 killed and reaped) if it fails before.
     */
    public void releaseToGate(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        if (used || !fits(spec)) throw new IllegalArgumentException("stage 2 " + pid + " does not fit this container");
        used = true;
        try {
            UnixSockets.send(syncWrite, new Stage2Message(place.apply(pid), spec).encode(), new int[0]);
        } catch (RuntimeException e) {
            closeOurEnds();
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
            throw e;
        }
        ProcessSyscalls.close(syncWrite);
        byte[] first = new byte[1];
        int n;
        try {
            n = ProcessSyscalls.read(errorRead, first, 0, 1);
        } catch (RuntimeException e) {
            ProcessSyscalls.close(errorRead);
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
            throw e;
        }
        if (n == 1 && first[0] == Stage2Protocol.WAITING) {
            ProcessSyscalls.close(errorRead);
            return;
        }
        byte[] rest;
        try {
            rest = ProcessSyscalls.readAll(errorRead);
        } finally {
            ProcessSyscalls.close(errorRead);
        }
        byte[] report = new byte[n + rest.length];
        if (n == 1) report[0] = first[0];
        System.arraycopy(rest, 0, report, n, rest.length);
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        throw Stage2Protocol.failure(report, status);
    }

    /** Whether a container with this spec can be released into this stage 2. */
    public boolean fits(ContainerSpec spec) {
        return spec.tty() == tty && "host".equals(spec.network()) == hostNetwork
                && Objects.equals(joinedNetns(spec.network()), joinNetns)
                && hostNamespaces.equals(spec.hardening().hostNamespaces());
    }

    /** The namespace a "netns:/proc/PID/ns/net" network (--network container:NAME) joins, else null. */
    static String joinedNetns(String network) {
        return network != null && network.startsWith("netns:") ? network.substring("netns:".length()) : null;
    }

    /** Gives up on it: it reads EOF instead of a spec and would exit; killed and reaped here. */
    public void abandon() {
        if (used) return;
        used = true;
        closeOurEnds();
        ProcessSyscalls.kill(pid, SIGKILL);
        ProcessSyscalls.waitpid(pid);
        if (relay != null) relay.finish();
    }

    /** {@link #release(ContainerSpec, IntFunction, Stdio)} keeping the stdio it was spawned with. */
    @Override
    public RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        return release(spec, place, null);
    }

    /**
     * Calls {@code place} with the waiting stage 2's pid (the caller makes the cgroup then, which
     * overlaps stage 2's JVM start-up, and says where stage 2 goes: see {@link CgroupPlacement}),
     * sends it the spec (the release) and waits until it has exec'd the command or failed. If
     * anything fails, stage 2 is killed and reaped. {@code stdio} (in, out, err; null: keep what
     * stage 2 was spawned with) travels with the spec, as Stage2Protocol says: how a stage 2 spawned
     * ahead of time on /dev/null serves a caller known only now; a {@link Stdio#relay relayed} one
     * goes as the pipes of a relay of its own. The caller keeps its own copies.
     */
    public RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place, Stdio stdio) {
        if (stdio != null && (tty || relay != null)) {
            throw new IllegalArgumentException("stdio at release needs a stage 2 without a tty or a relay");
        }
        if (used || !fits(spec)) throw new IllegalArgumentException("stage 2 " + pid + " does not fit this container");
        used = true;
        StdioRelay relay = this.relay;
        try {
            byte[] encoded = new Stage2Message(place.apply(pid), spec).encode();
            Stdio sent = stdio;
            if (stdio != null && stdio.relay()) {
                relay = StdioRelay.open(stdio);
                sent = relay.containerSide();
            }
            int[] fds = sent == null ? new int[0] : new int[] {sent.in(), sent.out(), sent.err()};
            UnixSockets.send(syncWrite, encoded, fds);
            if (relay != this.relay) relay.start();
        } catch (RuntimeException e) {
            closeOurEnds();
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
            if (relay != null) relay.finish();
            throw e;
        }
        int master = ptyMaster;
        if (Stage2Protocol.ownsPty(tty, spec.oci() != null)) {
            master = PtyMaster.receive(syncWrite, ptyMaster);
        } else {
            ProcessSyscalls.close(syncWrite);
        }
        byte[] report;
        try {
            report = ProcessSyscalls.readAll(errorRead);
        } finally {
            ProcessSyscalls.close(errorRead);
        }
        boolean ready = report.length > 0 && report[0] == Stage2Protocol.READY;
        if (ready && report.length == 1) {
            return new LaunchedContainer(pid, spec, stdio != null ? stdio : this.stdio, master, relay);
        }
        if (master >= 0) ProcessSyscalls.close(master);
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        if (relay != null) relay.finish(); // what stage 2 wrote before it failed reaches the caller first
        throw Stage2Protocol.failure(ready ? Arrays.copyOfRange(report, 1, report.length) : report, status);
    }

    private void closeOurEnds() {
        ProcessSyscalls.close(syncWrite);
        ProcessSyscalls.close(errorRead);
        if (ptyMaster >= 0) ProcessSyscalls.close(ptyMaster);
    }
}
