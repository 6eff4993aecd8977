package dev.minidocker.runtime.init;

import dev.minidocker.linux.CapabilitySyscalls;
import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.nio.charset.StandardCharsets;
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
    private ExecStage2() {}

    static void main() {
        try {
            // First: this JVM is in the container's PID namespace from its first instruction, and
            // its main thread drops to the container's capabilities before execve (see Stage2.main).
            CapabilitySyscalls.setNotDumpable();
            byte[] message = ProcessSyscalls.readAll(Stage2Protocol.SYNC_FD);
            ProcessSyscalls.close(Stage2Protocol.SYNC_FD);
            if (message.length == 0) ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT);
            ExecSpec spec = ExecSpec.decode(message);
            // Opened in the host's cgroup namespace: the move right before execve is checked against it.
            try (CgroupJoin cgroup = new CgroupJoin(new CgroupPlacement(spec.cgroupProcs(), List.of()))) {
                run(spec, cgroup);
            }
        } catch (Throwable t) {
            String message = t.getMessage() == null ? t.toString() : t.getMessage();
            Stage2.report(Stage2Protocol.SETUP_FAILED, message.replace('\n', ' ').getBytes(StandardCharsets.UTF_8), 0);
            ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT);
        }
    }

    private static void run(ExecSpec spec, CgroupJoin cgroup) throws Exception {
        // The jar is out of reach after the mount namespace switch: load now what runs after it.
        Stage2.preloadForAfterPivot();
        Stage2.readOrEmpty("/proc/self/stat");
        Stage2.readOrEmpty("/nonexistent/minidocker-preload");
        LinuxMountSyscalls mounts = new LinuxMountSyscalls();
        for (String name : new String[] {"dev.minidocker.linux.Arch", "dev.minidocker.linux.RawSyscall"}) {
            Class.forName(name, true, ExecStage2.class.getClassLoader());
        }
        int lastCap = Stage2.lastCapability();
        if (spec.tty()) TerminalSyscalls.setControllingTerminal(0);
        NamespaceSyscalls.setns(ExecSpec.CGROUP_NS_FD, NamespaceSyscalls.CLONE_NEWCGROUP, "cgroup namespace of the container");
        NamespaceSyscalls.unshare(NamespaceSyscalls.CLONE_FS);
        NamespaceSyscalls.setns(ExecSpec.MOUNT_NS_FD, NamespaceSyscalls.CLONE_NEWNS, "mount namespace of the container");
        ProcessSyscalls.close(ExecSpec.CGROUP_NS_FD);
        ProcessSyscalls.close(ExecSpec.MOUNT_NS_FD);
        // Now this thread's root and cwd are the container's root (the namespace's root after pivot_root).
        Credentials who = UserResolver.resolve(spec.user(), Stage2.readOrEmpty("/etc/passwd"), Stage2.readOrEmpty("/etc/group"));
        List<String> env = new ArrayList<>(spec.env());
        if (Stage2.find(env, "HOME=") == null) env.add("HOME=" + who.home());
        String cwd = spec.workingDir() == null || spec.workingDir().isEmpty() ? "/" : spec.workingDir();
        if (spec.args().isEmpty()) throw new IllegalArgumentException("no command specified");
        cgroup.joinContainer();
        cgroup.close();
        Stage2.joinNewSessionKeyring();
        long keep = CapabilitySet.mask(spec.capabilities());
        for (int cap = 0; cap <= lastCap; cap++) {
            if ((keep & (1L << cap)) == 0) CapabilitySyscalls.dropFromBoundingSet(cap);
        }
        CapabilitySyscalls.setgroups(who.supplementaryGids());
        CapabilitySyscalls.setgid(who.gid());
        CapabilitySyscalls.setuid(who.uid());
        if (who.uid() == 0) CapabilitySyscalls.setPermittedAndEffective(keep);
        mounts.chdir(cwd);
        ProcessSyscalls.closeRangeOnExec(3);
        Stage2.exec(spec.args(), env);
    }
}
