package dev.minidocker.daemon;

import java.nio.file.Path;

/**
 * How to run a daemon.
 *
 * @param root   the store root it owns
 * @param socket its UNIX socket
 * @param tcp    an extra loopback TCP listener, or null
 * @param group  the group that may use the socket (mode 0660); null keeps the creator's group
 */
public record DaemonOptions(Path root, DaemonAddress socket, DaemonAddress tcp, String group) {
    public DaemonOptions {
        if (!socket.isUnix()) throw new IllegalArgumentException("the daemon's main socket must be a UNIX socket");
        if (tcp != null && tcp.isUnix()) throw new IllegalArgumentException("--tcp wants HOST:PORT");
    }

    /** The defaults for {@code root}: its default socket, no TCP, the root group. */
    public static DaemonOptions defaults(Path root) {
        return new DaemonOptions(root, new DaemonPaths(root).defaultAddress(), null, "root");
    }
}
