package dev.minidocker.runtime.spec;

import dev.minidocker.linux.seccomp.SeccompProgram;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What stage 2 applies to the command's process besides its credentials, the same for run, exec
 * and --init (Handover): resource limits, no_new_privs and the seccomp filter. The parent decides
 * all of it (the filter compiled there, for the container's capabilities); stage 2 only applies.
 *
 * @param seccomp         the compiled filter, installed last before execve; null: unconfined
 * @param noNewPrivileges prctl(PR_SET_NO_NEW_PRIVS) after the capability drop (--security-opt no-new-privileges)
 * @param rlimits         setrlimit(2) calls, in order (--ulimit)
 * @param groupAdd        --group-add: supplementary groups besides the user's, names (the container's
 *                        /etc/group) or numbers
 * @param sysctls         --sysctl "key=value", namespaced keys only (checked in the parent), written
 *                        before the mounts: /proc/sys shows the writer's network and IPC namespaces
 * @param privileged      --privileged: no masked or read-only /proc paths, /sys writable
 * @param hostNamespaces  the host's namespaces the container shares instead of its own: "pid",
 *                        "ipc", "uts" (--pid/--ipc/--uts host); Stage2Launcher does not unshare them
 */
public record Hardening(SeccompProgram seccomp, boolean noNewPrivileges, List<Rlimit> rlimits, List<String> groupAdd,
                        List<String> sysctls, boolean privileged, List<String> hostNamespaces) {
    /** No filter, no no_new_privs, the limits inherited. */
    public static final Hardening NONE = new Hardening(null, false, List.of());

    public Hardening {
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        sysctls = sysctls == null ? List.of() : List.copyOf(sysctls);
        hostNamespaces = hostNamespaces == null ? List.of() : List.copyOf(hostNamespaces);
    }

    /** In the container's own PID, IPC and UTS namespaces. */
    public Hardening(SeccompProgram seccomp, boolean noNewPrivileges, List<Rlimit> rlimits, List<String> groupAdd,
                     List<String> sysctls, boolean privileged) {
        this(seccomp, noNewPrivileges, rlimits, groupAdd, sysctls, privileged, List.of());
    }

    public Hardening(SeccompProgram seccomp, boolean noNewPrivileges, List<Rlimit> rlimits) {
        this(seccomp, noNewPrivileges, rlimits, List.of(), List.of(), false);
    }

    public Hardening withSeccomp(SeccompProgram filter) {
        return new Hardening(filter, noNewPrivileges, rlimits, groupAdd, sysctls, privileged, hostNamespaces);
    }

    /** Whether the container shares the host's {@code namespace} ("pid", "ipc" or "uts"). */
    public boolean sharesHost(String namespace) {
        return hostNamespaces.contains(namespace);
    }

    /** One resource limit: {@code resource} is RLIMIT_* as the kernel numbers it. */
    public record Rlimit(int resource, long soft, long hard) {}

    /** Appends this in the specs' binary form (see SpecCodec). */
    public void writeTo(DataOutputStream out) throws IOException {
        byte[] bpf = seccomp == null ? null : seccomp.bpf();
        out.writeInt(bpf == null ? -1 : bpf.length);
        if (bpf != null) {
            out.write(bpf);
            out.writeInt(seccomp.flags());
        }
        out.writeBoolean(noNewPrivileges);
        out.writeInt(rlimits.size());
        for (Rlimit r : rlimits) {
            out.writeInt(r.resource());
            out.writeLong(r.soft());
            out.writeLong(r.hard());
        }
        strings(out, groupAdd);
        strings(out, sysctls);
        out.writeBoolean(privileged);
        strings(out, hostNamespaces);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) out.writeUTF(s);
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 4096) throw new IOException("bad list length " + n);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(in.readUTF());
        return list;
    }

    public static Hardening readFrom(DataInputStream in) throws IOException {
        int length = in.readInt();
        SeccompProgram seccomp = null;
        if (length >= 0) {
            byte[] bpf = new byte[length];
            in.readFully(bpf); // never a shorter filter than was sent
            int flags = in.readInt();
            try {
                seccomp = new SeccompProgram(bpf, flags);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        boolean nnp = in.readBoolean();
        int n = in.readInt();
        if (n < 0 || n > 64) throw new IOException("bad rlimit count " + n);
        List<Rlimit> rlimits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) rlimits.add(new Rlimit(in.readInt(), in.readLong(), in.readLong()));
        List<String> groups = strings(in), sysctls = strings(in);
        boolean privileged = in.readBoolean();
        return new Hardening(seccomp, nnp, rlimits, groups, sysctls, privileged, strings(in));
    }
}
