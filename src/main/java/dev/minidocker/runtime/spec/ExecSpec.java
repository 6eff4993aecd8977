package dev.minidocker.runtime.spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What exec's stage 2 needs to become a process of a running container, as written to its sync
 * pipe (a small binary form, like {@link SpecCodec}: no Jackson on the critical path).
 *
 * @param args         argv; args.get(0) is looked up in the container's PATH
 * @param env          KEY=VALUE list
 * @param workingDir   cwd inside the container
 * @param user         "user[:group]" resolved against the container's /etc/passwd and /etc/group
 * @param tty          stdin/out/err are a pty slave (the controlling terminal)
 * @param capabilities capability names kept, as the container's; null: Docker's default set
 * @param cgroupProcs  the container's cgroup.procs files, joined right before execve
 * @param hardening    as the container's: its seccomp filter, no_new_privs, limits (never null)
 * @param ownsPty      with tty: stage 2 makes the pty from the container's devpts and sends the
 *                     master back on its sync socket (Stage2Protocol), else the spawned-on pty stays
 */
public record ExecSpec(List<String> args, List<String> env, String workingDir, String user, boolean tty,
                       List<String> capabilities, List<String> cgroupProcs, Hardening hardening, boolean ownsPty) {
    public ExecSpec {
        if (hardening == null) hardening = Hardening.NONE;
        ownsPty = ownsPty && tty;
    }

    public ExecSpec(List<String> args, List<String> env, String workingDir, String user, boolean tty,
                    List<String> capabilities, List<String> cgroupProcs, Hardening hardening) {
        this(args, env, workingDir, user, tty, capabilities, cgroupProcs, hardening, false);
    }

    /** The same exec, its pty made in the container. */
    public ExecSpec withOwnPty() {
        return new ExecSpec(args, env, workingDir, user, tty, capabilities, cgroupProcs, hardening, true);
    }

    public ExecSpec(List<String> args, List<String> env, String workingDir, String user, boolean tty,
                    List<String> capabilities, List<String> cgroupProcs) {
        this(args, env, workingDir, user, tty, capabilities, cgroupProcs, Hardening.NONE);
    }

    /** fd of the container's cgroup namespace in exec's stage 2. */
    public static final int CGROUP_NS_FD = 5;
    /** fd of the container's mount namespace in exec's stage 2. */
    public static final int MOUNT_NS_FD = 6;
    /** argv[1] of stage 2 for exec. */
    public static final String MODE = "exec";

    public byte[] encode() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            writeList(out, args);
            writeList(out, env);
            out.writeUTF(workingDir == null ? "" : workingDir);
            out.writeUTF(user == null ? "" : user);
            out.writeBoolean(tty);
            out.writeBoolean(capabilities != null);
            if (capabilities != null) writeList(out, capabilities);
            writeList(out, cgroupProcs);
            hardening.writeTo(out);
            out.writeBoolean(ownsPty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ExecSpec decode(byte[] data) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            List<String> args = readList(in), env = readList(in);
            String cwd = in.readUTF(), user = in.readUTF();
            boolean tty = in.readBoolean();
            List<String> caps = in.readBoolean() ? readList(in) : null;
            List<String> procs = readList(in);
            Hardening hardening = Hardening.readFrom(in);
            return new ExecSpec(args, env, cwd, user, tty, caps, procs, hardening, in.readBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException("malformed message to exec's stage 2", e);
        }
    }

    private static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list == null ? 0 : list.size());
        if (list != null) for (String s : list) out.writeUTF(s);
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) throw new IOException("bad list length " + n);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(in.readUTF());
        return list;
    }
}
