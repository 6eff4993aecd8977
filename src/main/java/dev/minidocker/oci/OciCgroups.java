package dev.minidocker.oci;

import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.Signals;
import dev.minidocker.linux.cgroup.Cgroup;
import dev.minidocker.linux.cgroup.CgroupManager;
import java.util.List;
import java.util.Optional;

/** A container's cgroup at its cgroupsPath (see BundleReader.cgroupPath). */
final class OciCgroups {
    private OciCgroups() {}

    static Optional<Cgroup> open(ContainerState state) {
        String path = state.cgroupsPath();
        return CgroupManager.detect(OciCreate.parentOf(path)).open(OciCreate.leafOf(path));
    }

    /** `kill --all`: every process of the container's cgroup (SIGKILL atomically, others one by one). */
    static void signalAll(ContainerState state, int signo) {
        Optional<Cgroup> cgroup = open(state);
        if (cgroup.isEmpty()) {
            ProcessSyscalls.kill(state.pid(), signo);
            return;
        }
        if (signo == Signals.SIGKILL) {
            cgroup.get().killAll();
            return;
        }
        List<Integer> pids = cgroup.get().pids();
        for (int pid : pids) ProcessSyscalls.kill(pid, signo);
    }
}
