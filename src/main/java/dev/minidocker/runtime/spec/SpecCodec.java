package dev.minidocker.runtime.spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher sends the ContainerSpec to stage 2 over the sync pipe in this small binary form
 * rather than JSON: stage 2 is on every run's critical path, and loading Jackson there costs more
 * than the whole container set-up. Strings are length-prefixed UTF-8, -1 meaning null.
 */
public final class SpecCodec {
    private SpecCodec() {}

    public static byte[] encode(ContainerSpec s) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            str(out, s.id());
            str(out, s.hostname());
            list(out, s.args());
            list(out, s.env());
            str(out, s.workingDir());
            str(out, s.user());
            var r = s.rootfs();
            list(out, r.lowerDirs());
            str(out, r.upperDir());
            str(out, r.workDir());
            str(out, r.target());
            out.writeBoolean(s.readOnly());
            List<ContainerSpec.Mount> mounts = s.mounts() == null ? List.of() : s.mounts();
            out.writeInt(mounts.size());
            for (var m : mounts) {
                str(out, m.type());
                str(out, m.source());
                str(out, m.destination());
                list(out, m.options());
            }
            str(out, s.network());
            out.writeBoolean(s.tty());
            out.writeBoolean(s.interactive());
            list(out, s.capabilities());
            var e = s.etcFiles();
            out.writeBoolean(e != null);
            if (e != null) {
                str(out, e.hostname());
                str(out, e.hosts());
                str(out, e.resolvConf());
            }
            out.writeBoolean(s.init());
            s.hardening().writeTo(out);
            var x = s.oci();
            out.writeBoolean(x != null);
            if (x != null) {
                str(out, x.startFifo());
                list(out, x.maskedPaths());
                list(out, x.readonlyPaths());
                str(out, x.oomScoreAdj() == null ? null : x.oomScoreAdj().toString());
                list(out, x.additionalGids());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public static ContainerSpec decode(byte[] data) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            String id = str(in), hostname = str(in);
            List<String> args = list(in), env = list(in);
            String workingDir = str(in), user = str(in);
            var rootfs = new ContainerSpec.RootFs(list(in), str(in), str(in), str(in));
            boolean readOnly = in.readBoolean();
            int n = in.readInt();
            List<ContainerSpec.Mount> mounts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) mounts.add(new ContainerSpec.Mount(str(in), str(in), str(in), list(in)));
            String network = str(in);
            boolean tty = in.readBoolean(), interactive = in.readBoolean();
            List<String> caps = list(in);
            ContainerSpec.EtcFiles etc = in.readBoolean() ? new ContainerSpec.EtcFiles(str(in), str(in), str(in)) : null;
            boolean init = in.readBoolean();
            Hardening hardening = Hardening.readFrom(in);
            ContainerSpec.OciExtras oci = null;
            if (in.readBoolean()) {
                String fifo = str(in);
                List<String> masked = list(in), readonly = list(in);
                String oom = str(in);
                oci = new ContainerSpec.OciExtras(fifo, masked, readonly, oom == null ? null : Integer.valueOf(oom), list(in));
            }
            return new ContainerSpec(id, hostname, args, env, workingDir, user, rootfs, readOnly, mounts,
                    network, tty, interactive, caps, etc, init, hardening, oci);
        } catch (IOException ex) {
            throw new UncheckedIOException("malformed container spec", ex);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void list(DataOutputStream out, List<String> l) throws IOException {
        out.writeInt(l == null ? -1 : l.size());
        if (l != null) for (String s : l) str(out, s);
    }

    private static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static List<String> list(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(str(in));
        return l;
    }
}
