package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lean clients' connection to the daemon, and the provider list it narrows while opening it. */
class DaemonSocketTest {
    private static final String ALGORITHM = "NativePRNGNonBlocking";

    @TempDir
    Path dir;

    @Test
    void connectsToTheSocketAndCarriesBytes() throws Exception {
        Path path = dir.resolve("daemon.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel client = DaemonSocket.open(path); SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer got = ByteBuffer.allocate(4);
                while (got.hasRemaining()) accepted.read(got);
                assertEquals("ping", new String(got.array(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void noDaemonIsAnIoError() {
        assertThrows(IOException.class, () -> DaemonSocket.open(dir.resolve("none.sock")));
    }

    @Test
    void narrowsOnlyThisThreadAndOnlyUntilEnd() throws Exception {
        // surefire's argLine gives the launcher's --add-exports; without it the override is a no-op
        boolean exported = Object.class.getModule().isExported("sun.security.jca", DaemonSocket.class.getModule());
        assertTrue(exported, "the tests run with the lean client's --add-exports (pom.xml)");
        DaemonSocket.ProviderOverride override = DaemonSocket.ProviderOverride.urandomOnly();
        String[] elsewhere = new String[1];
        try {
            assertEquals(DaemonSocket.UrandomProvider.NAME, SecureRandom.getInstance(ALGORITHM).getProvider().getName());
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    elsewhere[0] = SecureRandom.getInstance(ALGORITHM).getProvider().getName();
                } catch (Exception e) {
                    elsewhere[0] = e.toString();
                }
            });
            other.join();
        } finally {
            override.end();
        }
        assertEquals("SUN", elsewhere[0]);
        assertEquals("SUN", SecureRandom.getInstance(ALGORITHM).getProvider().getName());
    }

    @Test
    void itsRandomBytesComeFromTheKernel() throws Exception {
        DaemonSocket.ProviderOverride override = DaemonSocket.ProviderOverride.urandomOnly();
        SecureRandom random;
        try {
            random = SecureRandom.getInstance(ALGORITHM);
        } finally {
            override.end();
        }
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        assertFalse(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, new byte[32]));
        assertEquals(16, random.generateSeed(16).length);
        assertArrayEquals(new byte[0], random.generateSeed(0));
    }
}
