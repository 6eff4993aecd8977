package dev.minidocker.runtime.init;

import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.Stage2Protocol;

/**
 * A terminal made the way runc makes it: from the container's own devpts (so {@code tty} says
 * /dev/pts/N inside), its slave the command's stdin, stdout, stderr and controlling terminal,
 * its master sent back to the launcher on the sync socket (see Stage2Protocol). Called in the
 * container's root, in a session without a controlling terminal (posix_spawn's setsid).
 */
final class PtyHandover {
    private PtyHandover() {}

    static void takeContainerPty(Syscalls sys) {
        int[] pty = sys.openPtyHere();
        try {
            sys.copyWindowSize(0, pty[1]); // the size the launcher's pty had, until the client resizes
            for (int fd = 0; fd <= 2; fd++) sys.dup2(pty[1], fd);
            sys.setControllingTerminal(0);
            sys.send(Stage2Protocol.SYNC_FD, new byte[] {Stage2Protocol.PTY_MASTER}, new int[] {pty[0]});
        } finally {
            sys.close(pty[1]);
            sys.close(pty[0]);
            sys.close(Stage2Protocol.SYNC_FD);
        }
    }
}
