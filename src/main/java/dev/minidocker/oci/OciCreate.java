package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.Signals;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.linux.cgroup.Cgroup;
import dev.minidocker.linux.cgroup.CgroupManager;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.process.WaitingStage2;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * `create`: the container's stage 2 is spawned (a child of this process: when `create` exits, of
 * the caller's subreaper, as conmon expects), placed in its cgroup, set up, and left waiting at
 * the start gate (exec.fifo) until `start`. On any failure nothing is left: no process, cgroup
 * or state directory.
 */
final class OciCreate {
    private OciCreate() {}

    /** @return the container's pid; its stdio is this process's 0, 1 and 2 unless a console socket is given */
    static int create(Path root, String bundleDir, String id, String pidFile, String consoleSocket) {
        Path dir = ContainerState.dir(root, id);
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidArgumentException("container with id exists: " + id);
        } catch (IOException e) {
            throw new MiniDockerException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
        String fifo = dir.resolve(ContainerState.FIFO).toString();
        Cgroup cgroup = null;
        WaitingStage2 stage2 = null;
        boolean released = false, done = false;
        try {
            Bundle bundle = BundleReader.read(bundleDir, id, fifo);
            boolean tty = bundle.spec().tty();
            if (tty && consoleSocket == null) {
                throw new InvalidArgumentException("process.terminal needs --console-socket (the pty master is sent there; "
                        + "mini-docker-runtime does not relay a terminal itself)");
            }
            if (!tty && consoleSocket != null) {
                throw new InvalidArgumentException("cannot use console socket if runc will not detach or allocate tty");
            }
            // Stage 2 first: its JVM starts up while this one compiles the filter and makes the cgroup.
            stage2 = new Stage2Launcher().spawn(tty, bundle.unshareFlags(), bundle.joins(), Stdio.of(0, 1, 2),
                    bundle.spec().network());
            if (tty) sendConsole(consoleSocket, stage2.ptyMaster());
            ContainerSpec spec = bundle.spec();
            if (bundle.seccomp() != null) {
                SeccompProgram filter = OciSeccomp.compile(root, dir, bundle.seccomp(), spec.capabilities());
                spec = spec.withHardening(spec.hardening().withSeccomp(filter));
            }
            Fifo.create(fifo);
            CgroupManager manager = CgroupManager.detect(parentOf(bundle.cgroupsPath()));
            cgroup = manager.create(leafOf(bundle.cgroupsPath()), bundle.resources());
            int pid = stage2.pid();
            long startTime = ProcessIdentity.startTime(pid).orElse(0);
            ContainerState state = new ContainerState(id, pid, startTime, bundle.directory(), bundle.rootfs(),
                    Instant.now().toString(), bundle.cgroupsPath(), bundle.annotations());
            state.save(root);
            Hooks.run(bundle.hooks(), "prestart", state.toRuncJson(root));
            Hooks.run(bundle.hooks(), "createRuntime", state.toRuncJson(root));
            stage2.releaseToGate(spec, new Placement(new CgroupPlacement(strings(cgroup.procsFiles()),
                    strings(manager.ownProcsFiles()))));
            released = true;
            FastPath.record(dir, bundle, state, cgroup);
            if (pidFile != null) writePidFile(pidFile, pid);
            done = true;
            return pid;
        } catch (IOException e) {
            throw new MiniDockerException("cannot record container " + id + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                if (stage2 != null && !released) stage2.abandon(); // a failed release has killed and reaped it
                if (released) {
                    ProcessSyscalls.kill(stage2.pid(), Signals.SIGKILL);
                    ProcessSyscalls.waitpid(stage2.pid());
                }
                if (cgroup != null) cgroup.destroy();
                OciDelete.removeDirectory(dir);
            }
        }
    }

    /** Where stage 2 goes: the cgroup made above, whatever pid it is asked for. */
    private record Placement(CgroupPlacement placement) implements IntFunction<CgroupPlacement> {
        @Override
        public CgroupPlacement apply(int pid) {
            return placement;
        }
    }

    /** The pty master travels over the caller's socket (SCM_RIGHTS), as runc sends it; ours is closed. */
    static void sendConsole(String socketPath, int master) {
        int socket = UnixSockets.connect(socketPath);
        try {
            UnixSockets.send(socket, "/dev/ptmx".getBytes(StandardCharsets.UTF_8), new int[] {master});
        } finally {
            ProcessSyscalls.close(socket);
        }
    }

    static void writePidFile(String pidFile, int pid) throws IOException {
        Path target = Path.of(pidFile).toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(pid));
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String parentOf(String cgroupsPath) {
        int slash = cgroupsPath.lastIndexOf('/');
        return slash < 0 ? CgroupManager.PARENT + "-oci" : cgroupsPath.substring(0, slash);
    }

    static String leafOf(String cgroupsPath) {
        return cgroupsPath.substring(cgroupsPath.lastIndexOf('/') + 1);
    }

    private static List<String> strings(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) out.add(p.toString());
        return out;
    }
}
