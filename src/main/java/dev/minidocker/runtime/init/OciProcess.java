package dev.minidocker.runtime.init;

import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.nio.charset.StandardCharsets;

/** The parts of an OCI bundle's process that mini-docker's own runs do not have (see ContainerSpec.OciExtras). */
final class OciProcess {
    private OciProcess() {}

    /**
     * oom_score_adj, before the mounts, while /proc is still the host's. (The bundle's sysctl,
     * rlimits and noNewPrivileges travel as the spec's Hardening, as a mini-docker run's.)
     */
    static void beforeMounts(Syscalls sys, ContainerSpec.OciExtras oci) {
        if (oci.oomScoreAdj() != null) write(sys, "/proc/self/oom_score_adj", oci.oomScoreAdj().toString());
    }

    /** The bundle's additionalGids replace the groups found in /etc/group. */
    static Credentials groups(Credentials who, ContainerSpec.OciExtras oci) {
        if (oci.additionalGids() == null) return who;
        int[] gids = new int[oci.additionalGids().size()];
        for (int i = 0; i < gids.length; i++) gids[i] = Integer.parseInt(oci.additionalGids().get(i));
        return new Credentials(who.uid(), who.gid(), gids, who.home());
    }

    private static void write(Syscalls sys, String path, String value) {
        try (Syscalls.OpenFile f = sys.openForWriting(path)) {
            f.write(value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
