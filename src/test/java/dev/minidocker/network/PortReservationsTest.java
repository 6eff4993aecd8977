package dev.minidocker.network;

import dev.minidocker.model.PortSpec;
import dev.minidocker.model.PortBinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port registry: claims per protocol, port and address, Docker's clash message, take-over from a dead holder. */
class PortReservationsTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    @TempDir
    Path dir;

    /** A live holder: this JVM stands in for a container's init. */
    static String live(String id) {
        return PortReservations.ownerTag(id, ProcessHandle.current().pid());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    List<String> files() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aPortHeldByALiveContainerIsRefusedWithDockersMessage() throws Exception {
        int port = freePort();
        PortReservations r = new PortReservations(dir);
        List<PortBinding> first = r.reserve(List.of(PortSpec.parse("127.0.0.1:" + port + ":80")), live(A), "web");
        assertEquals(List.of(new PortBinding("127.0.0.1", port, 80, "tcp")), first);
        MiniDockerException e = assertThrows(MiniDockerException.class,
                () -> r.reserve(List.of(PortSpec.parse("127.0.0.1::81"), PortSpec.parse(port + ":80")), live(B), "other"));
        assertEquals("driver failed programming external connectivity on endpoint other: Bind for 0.0.0.0:" + port
                + " failed: port is already allocated", e.getMessage());
        assertEquals(List.of("tcp-" + port + "-127.0.0.1"), files(), "the loser's random port was released too");
        r.releaseAllOf(first, A);
        assertEquals(List.of(), files());
    }

    @Test
    void addressesThatDoNotOverlapMayShareAPort() throws Exception {
        int port = freePort();
        PortReservations r = new PortReservations(dir);
        r.reserve(List.of(PortSpec.parse("127.0.0.1:" + port + ":80")), live(A), "one");
        r.reserve(List.of(PortSpec.parse("127.0.0.2:" + port + ":80"), PortSpec.parse("127.0.0.1:" + port + ":80/udp")), live(B), "two");
        assertEquals(List.of("tcp-" + port + "-127.0.0.1", "tcp-" + port + "-127.0.0.2", "udp-" + port + "-127.0.0.1"), files());
        MiniDockerException e = assertThrows(MiniDockerException.class,
                () -> r.reserve(List.of(PortSpec.parse("127.0.0.2:" + port + ":80")), live(A), "three"));
        assertTrue(e.getMessage().endsWith("Bind for 127.0.0.2:" + port + " failed: port is already allocated"));
        assertThrows(MiniDockerException.class, () -> r.reserve(List.of(PortSpec.parse(port + ":80")), live(A), "all"));
    }

    @Test
    void aPortAHostProgramListensOnIsRefused() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            MiniDockerException e = assertThrows(MiniDockerException.class, () -> new PortReservations(dir)
                    .reserve(List.of(PortSpec.parse("127.0.0.1:" + port + ":80")), live(A), "web"));
            assertTrue(e.getMessage().endsWith("Bind for 127.0.0.1:" + port + " failed: port is already allocated"));
            assertEquals(List.of(), files(), "nothing stays reserved");
        }
    }

    @Test
    void aDeadHoldersReservationIsTakenOver() throws Exception {
        int port = freePort();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        PortReservations r = new PortReservations(dir);
        // a dead pid, and a start time no process ever has: dead even if the pid is reused
        Files.writeString(r.file(new PortBinding("0.0.0.0", port, 53, "udp")), B + " " + gone.pid() + " 1");
        List<PortBinding> got = r.reserve(List.of(PortSpec.parse("127.0.0.1:" + port + ":53/udp")), live(A), "dns");
        assertEquals(1, got.size());
        assertEquals(List.of("udp-" + port + "-127.0.0.1"), files());
        assertTrue(Files.readString(r.file(got.getFirst())).startsWith(A + " "));
        r.release(got, live(A));
        assertFalse(Files.exists(r.file(got.getFirst())));
    }

    @Test
    void theSweepRemovesOnlyDeadHolders() throws Exception {
        int port = freePort();
        PortReservations r = new PortReservations(dir);
        List<PortBinding> kept = r.reserve(List.of(PortSpec.parse("127.0.0.1:" + port + ":80")), live(A), "alive");
        Files.writeString(r.file(new PortBinding("127.0.0.1", port, 53, "udp")), B + " 999999999 1");
        r.removeStale();
        assertEquals(List.of("tcp-" + port + "-127.0.0.1"), files());
        r.release(kept, live(A));
        assertEquals(List.of(), files());
    }
}
