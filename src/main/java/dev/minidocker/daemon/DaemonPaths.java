package dev.minidocker.daemon;

import dev.minidocker.json.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

    /**
     * Where a client finds this root's daemon: {@code $MINIDOCKER_HOST}, else the address the
     * running daemon wrote to {@link #infoFile()}, else {@link #defaultAddress()}. Read with the small
     * JSON reader: {@code run}'s lean client (cli/RemoteRun) asks this on every run.
     */
    public DaemonAddress clientAddress() {
        return clientAddress(System.getenv("MINIDOCKER_HOST"));
    }

    /** As {@link #clientAddress()}, with {@code hostVariable} for $MINIDOCKER_HOST (null or empty: unset). */
    public DaemonAddress clientAddress(String hostVariable) {
        if (hostVariable != null && !hostVariable.isEmpty()) return DaemonAddress.parse(hostVariable);
        try {
            if (JsonValues.parse(Files.readAllBytes(infoFile())) instanceof Map<?, ?> info
                    && info.get("Host") instanceof String host && !host.isEmpty()) {
                return DaemonAddress.parse(host);
            }
        } catch (IOException noDaemonOrUnreadable) {
            // fall through to the default
        }
        return defaultAddress();
    }

    public DaemonAddress defaultAddress() {
        return DaemonAddress.unix(root.equals(DEFAULT_ROOT) ? DEFAULT_SOCKET : root.resolve("minidocker.sock"));
    }
}
