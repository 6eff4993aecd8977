package dev.minidocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SCM_RIGHTS round trips on a socket pair inside this process: data to EOF, and working descriptors. */
class UnixSocketsTest {

    @Test
    void descriptorsTravelWithTheDataAndStillReachTheirFile() {
        int[] pair = UnixSockets.socketPair();
        int[] pipe = ProcessSyscalls.pipe();
        int[] received = new int[0];
        try {
            byte[] message = "the spec".getBytes(StandardCharsets.UTF_8);
            UnixSockets.send(pair[1], message, new int[] {pipe[1], pipe[1], pipe[0]});
            ProcessSyscalls.close(pair[1]);
            pair[1] = -1;
            UnixSockets.Received r = UnixSockets.receiveAll(pair[0]);
            received = r.fds();
            assertArrayEquals(message, r.data());
            assertEquals(3, received.length);
            for (int fd : received) assertNotEquals(pipe[0], fd);
            // The received write end is the same pipe: what goes in comes out of our read end.
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            ProcessSyscalls.writeFully(received[0], hello, 0, hello.length);
            byte[] buf = new byte[16];
            int n = ProcessSyscalls.read(pipe[0], buf, 0, buf.length);
            assertEquals("hello", new String(buf, 0, n, StandardCharsets.UTF_8));
        } finally {
            for (int fd : received) ProcessSyscalls.close(fd);
            ProcessSyscalls.close(pair[0]);
            ProcessSyscalls.close(pair[1]);
            ProcessSyscalls.close(pipe[0]);
            ProcessSyscalls.close(pipe[1]);
        }
    }

    @Test
    void aMessageLargerThanTheSocketBufferArrivesWhole() throws Exception {
        int[] pair = UnixSockets.socketPair();
        try {
            byte[] big = new byte[1 << 20];
            new Random(7).nextBytes(big);
            CompletableFuture<UnixSockets.Received> reader = CompletableFuture.supplyAsync(() -> UnixSockets.receiveAll(pair[0]));
            UnixSockets.send(pair[1], big, new int[] {0}); // (not pair[1]: a copy of it would keep the pair open)
            ProcessSyscalls.close(pair[1]);
            UnixSockets.Received r = reader.get();
            assertArrayEquals(big, r.data());
            assertEquals(1, r.fds().length);
            ProcessSyscalls.close(r.fds()[0]);
        } finally {
            ProcessSyscalls.close(pair[0]);
        }
    }

    @Test
    void eofWithoutDataIsAnEmptyMessage() {
        int[] pair = UnixSockets.socketPair();
        ProcessSyscalls.close(pair[1]);
        UnixSockets.Received r = UnixSockets.receiveAll(pair[0]);
        ProcessSyscalls.close(pair[0]);
        assertEquals(0, r.data().length);
        assertEquals(0, r.fds().length);
    }
}
