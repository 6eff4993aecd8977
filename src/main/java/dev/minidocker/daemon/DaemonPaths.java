package dev.minidocker.daemon;

import java.nio.file.Path;

/**
 * The daemon's files for one store root. The default root's daemon listens on
 * {@code /run/minidocker.sock}, like Docker's; any other root gets {@code <root>/minidocker.sock},
 * so that daemons of different roots (tests, a second store) never meet.
 */
public record DaemonPaths(Path root) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/minidocker.sock");
    private static final Path DEFAULT_ROOT = Path.of("/var/lib/minidocker");

    public DaemonPaths {
        root = root.toAbsolutePath().normalize();
    }

    /** Held (flock) by the running daemon: one daemon per store root. */
    public Path lockFile() {
        return root.resolve("daemon.lock");
    }

    /** The running daemon's pid and addresses ({@link DaemonInfo}), for clients and for humans. */
    public Path infoFile() {
        return root.resolve("daemon.json");
    }

    /** stdout and stderr of a daemon started on demand. */
    public Path logFile() {
        return root.resolve("daemon.log");
    }

    public DaemonAddress defaultAddress() {
        return DaemonAddress.unix(root.equals(DEFAULT_ROOT) ? DEFAULT_SOCKET : root.resolve("minidocker.sock"));
    }
}
