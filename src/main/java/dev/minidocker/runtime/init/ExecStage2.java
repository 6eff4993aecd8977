package dev.minidocker.runtime.init;

import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2 for {@code exec}: spawned by ExecLauncher already inside the container's IPC, UTS,
 * network and PID namespaces, with the sync pipe on fd 3, the error pipe on fd 4 and the
 * container's cgroup and mount namespaces on fds 5 and 6. Everything runs on this one thread:
 * the mount namespace switch ({@code unshare(CLONE_FS)} then {@code setns}) applies to it alone,
 * and execve keeps this thread's root, cwd and namespaces.
 */
final class ExecStage2 {
    private final Syscalls sys;
    private final Handover handover;

    ExecStage2(Syscalls sys) {
        this.sys = sys;
        this.handover = new Handover(sys);
    }

    /** Reads its spec and becomes the new process; never returns in production. */
    void run() {
        try {
            // First: this JVM is in the container's PID namespace from its first instruction, and
            // its main thread drops to the container's capabilities before execve (see Stage2.run).
            sys.setNotDumpable();
            byte[] message = sys.readAll(Stage2Protocol.SYNC_FD);
            if (message.length == 0) {
                sys.close(Stage2Protocol.SYNC_FD);
                sys.exit(Stage2Protocol.FAILURE_EXIT);
            }
            ExecSpec spec = ExecSpec.decode(message);
            if (!spec.ownsPty()) sys.close(Stage2Protocol.SYNC_FD); // else it carries the pty master back
            // Opened in the host's cgroup namespace: the move right before execve is checked against it.
            try (CgroupJoin cgroup = new CgroupJoin(sys, new CgroupPlacement(spec.cgroupProcs(), List.of()))) {
                start(spec, cgroup);
            }
        } catch (Throwable t) {
            handover.fail(t);
        }
    }

    private void start(ExecSpec spec, CgroupJoin cgroup) {
        // The jar is out of reach after the mount namespace switch: load now what runs after it.
        Stage2.preloadForAfterPivot();
        int lastCap = handover.lastCapability();
        if (spec.tty() && !spec.ownsPty()) sys.setControllingTerminal(0);
        sys.setns(ExecSpec.CGROUP_NS_FD, NamespaceSyscalls.CLONE_NEWCGROUP, "cgroup namespace of the container");
        sys.unshare(NamespaceSyscalls.CLONE_FS);
        sys.setns(ExecSpec.MOUNT_NS_FD, NamespaceSyscalls.CLONE_NEWNS, "mount namespace of the container");
        sys.close(ExecSpec.CGROUP_NS_FD);
        sys.close(ExecSpec.MOUNT_NS_FD);
        // Now this thread's root and cwd are the container's root (the namespace's root after pivot_root).
        if (spec.ownsPty()) PtyHandover.takeContainerPty(sys);
        Credentials who = UserResolver.resolve(spec.user(), sys.readFile("/etc/passwd"), sys.readFile("/etc/group"),
                spec.hardening().groupAdd());
        List<String> env = new ArrayList<>(spec.env());
        if (Handover.find(env, "HOME=") == null) env.add("HOME=" + who.home());
        String cwd = spec.workingDir() == null || spec.workingDir().isEmpty() ? "/" : spec.workingDir();
        if (spec.args().isEmpty()) throw new IllegalArgumentException("no command specified");
        cgroup.joinContainer();
        cgroup.close();
        handover.dropTo(who, spec.capabilities(), lastCap, cwd, spec.hardening());
        handover.exec(spec.args(), env);
    }
}
