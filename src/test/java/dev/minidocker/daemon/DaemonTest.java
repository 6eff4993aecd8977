package dev.minidocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's start and stop: socket, lock, daemon.json, and what is left afterwards (nothing). */
class DaemonTest {
    @TempDir
    Path root;

    private DaemonOptions options() {
        return new DaemonOptions(root, DaemonAddress.unix(root.resolve("minidocker.sock")), null, null);
    }

    @Test
    void servesPingOnA0660SocketAndCleansUpOnClose() throws Exception {
        Path socket = root.resolve("minidocker.sock");
        try (Daemon d = Daemon.start(options())) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            DaemonClient client = DaemonClient.forRoot(root);
            assertEquals(d.address(), client.address());
            assertTrue(client.ping());
            assertTrue(Files.exists(root.resolve("daemon.json")));
        }
        assertFalse(Files.exists(socket), "socket left behind");
        assertFalse(Files.exists(root.resolve("daemon.json")), "daemon.json left behind");
        assertFalse(DaemonClient.forRoot(root).ping());
    }

    @Test
    void onlyOneDaemonPerRoot() {
        try (Daemon first = Daemon.start(options())) {
            MiniDockerException e = assertThrows(MiniDockerException.class, () -> Daemon.start(options()));
            assertTrue(e.getMessage().startsWith("a mini-docker daemon is already running for " + root), e.getMessage());
            assertTrue(DaemonClient.forRoot(root).ping(), "the first daemon still serves");
        }
    }

    @Test
    void aStaleSocketOfADeadDaemonIsReplaced() throws Exception {
        Path socket = root.resolve("minidocker.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        } // closed: the file stays, nobody listens
        assertTrue(Files.exists(socket));
        try (Daemon d = Daemon.start(options())) {
            assertTrue(DaemonClient.forRoot(root).ping());
        }
    }

    @Test
    void tcpOnlyOnLoopback() {
        assertThrows(MiniDockerException.class, () -> DaemonAddress.parse("tcp://0.0.0.0:2375"));
        assertThrows(MiniDockerException.class, () -> DaemonAddress.parse("10.1.2.3:2375"));
        assertEquals("tcp://127.0.0.1:2375", DaemonAddress.parse("127.0.0.1:2375").toString());
        assertEquals("unix:///run/x.sock", DaemonAddress.parse("unix:///run/x.sock").toString());
    }

    @Test
    void defaultSocketOfTheDefaultRootIsDockersPlace() {
        assertEquals(DaemonPaths.DEFAULT_SOCKET, new DaemonPaths(Path.of("/var/lib/minidocker")).defaultAddress().unixPath());
        assertEquals(root.resolve("minidocker.sock"), new DaemonPaths(root).defaultAddress().unixPath());
    }
}
