package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * Whether the client on the daemon's socket may hand over the stdio of the process it names: the
 * daemon runs as root and takes those descriptors with pidfd_getfd, so without this check any
 * member of the socket's group could take another user's (or root's) files and terminals. The
 * client's user comes from the kernel (SO_PEERCRED at connect). Allowed: a client as privileged as
 * the daemon (it could take them itself), or a process the client's user owns as ptrace would
 * see it: every uid of the process is the client's, and it is dumpable (a process that is not,
 * such as a setuid program, has /proc/PID owned by root).
 */
public final class ClientPeer {
    /** The named process is not the caller's: 403, and nothing is taken. */
    public static final class NotTheCallersException extends MiniDockerException {
        NotTheCallersException(long pid, String why) {
            super("pid " + pid + " is not the caller's process: " + why);
        }
    }

    private ClientPeer() {}

    /** Throws unless {@code peer} may take process {@code pid}'s descriptors (see the class comment). */
    public static void check(long pid, UserPrincipal peer) {
        if (peer == null) throw new NotTheCallersException(pid, "the daemon cannot tell who is calling (SO_PEERCRED)");
        Path proc = Path.of("/proc/" + pid);
        try {
            if (peer.equals(Files.getOwner(Path.of("/proc/self")))) return;
            UserPrincipal owner = Files.getOwner(proc);
            if (!owner.equals(peer)) {
                throw new NotTheCallersException(pid, "it belongs to " + owner.getName() + ", the caller is " + peer.getName());
            }
            int uid = (Integer) Files.getAttribute(proc, "unix:uid");
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (!line.startsWith("Uid:")) continue;
                for (String id : line.substring(4).trim().split("\\s+")) {
                    if (Integer.parseInt(id) != uid) throw new NotTheCallersException(pid, "its uids are " + line.substring(4).trim());
                }
                return;
            }
            throw new NotTheCallersException(pid, "no Uid line in " + proc.resolve("status"));
        } catch (IOException e) {
            throw new NotTheCallersException(pid, "cannot read " + proc + " (" + e.getMessage() + ")");
        }
    }
}
