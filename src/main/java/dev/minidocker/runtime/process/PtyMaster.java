package dev.minidocker.runtime.process;

import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.Stage2Protocol;

/**
 * The launcher's side of a pty made in the container (Stage2Protocol): after sending the spec it
 * shuts down its writing side of the sync socket (the release), then reads until stage 2 closes
 * it, which it does right after sending the master, before its execve (or by exiting on a
 * failure). The host pty stage 2 was spawned on is closed once the container's master is here.
 */
final class PtyMaster {
    private PtyMaster() {}

    /** The container's master, or {@code spawnedOn} when none came (stage 2 failed first). Closes {@code sync}. */
    static int receive(int sync, int spawnedOn) {
        UnixSockets.Received r;
        try {
            UnixSockets.shutdownWrite(sync);
            r = UnixSockets.receiveAll(sync);
        } finally {
            ProcessSyscalls.close(sync);
        }
        boolean sent = r.fds().length == 1 && r.data().length > 0 && r.data()[0] == Stage2Protocol.PTY_MASTER;
        if (!sent) {
            for (int fd : r.fds()) ProcessSyscalls.close(fd);
            return spawnedOn;
        }
        if (spawnedOn >= 0) ProcessSyscalls.close(spawnedOn);
        return r.fds()[0];
    }
}
