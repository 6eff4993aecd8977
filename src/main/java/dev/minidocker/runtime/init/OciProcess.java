package dev.minidocker.runtime.init;

import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The parts of an OCI bundle's process that mini-docker's own runs do not have (see ContainerSpec.OciExtras). */
final class OciProcess {
    private OciProcess() {}

    /**
     * sysctl and oom_score_adj, before the mounts: /proc is still the host's, but /proc/sys/net,
     * kernel.{shm,msg,sem}* and the hostname keys show the namespaces of the writer, stage 2.
     */
    static void beforeMounts(Syscalls sys, ContainerSpec.OciExtras oci) {
        for (String kv : nonNull(oci.sysctl())) {
            int eq = kv.indexOf('=');
            String key = kv.substring(0, eq);
            if (key.contains("..") || key.contains("/")) throw new IllegalArgumentException("invalid sysctl " + key);
            write(sys, "/proc/sys/" + key.replace('.', '/'), kv.substring(eq + 1));
        }
        if (oci.oomScoreAdj() != null) write(sys, "/proc/self/oom_score_adj", oci.oomScoreAdj().toString());
    }

    /** The bundle's additionalGids replace the groups found in /etc/group. */
    static Credentials groups(Credentials who, ContainerSpec.OciExtras oci) {
        if (oci.additionalGids() == null) return who;
        int[] gids = new int[oci.additionalGids().size()];
        for (int i = 0; i < gids.length; i++) gids[i] = Integer.parseInt(oci.additionalGids().get(i));
        return new Credentials(who.uid(), who.gid(), gids, who.home());
    }

    /** "RLIMIT_NAME=soft:hard". */
    static void limits(Syscalls sys, ContainerSpec.OciExtras oci) {
        for (String limit : nonNull(oci.rlimits())) {
            int eq = limit.indexOf('='), colon = limit.indexOf(':', eq);
            sys.setrlimit(limit.substring(0, eq), Long.parseLong(limit.substring(eq + 1, colon)),
                    Long.parseLong(limit.substring(colon + 1)));
        }
    }

    private static void write(Syscalls sys, String path, String value) {
        try (Syscalls.OpenFile f = sys.openForWriting(path)) {
            f.write(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }
}
