package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The read-ahead thread delivers bytes in order, surfaces source errors, and stops on close. */
class ReadAheadInputStreamTest {

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("layer-read-ahead") && t.isAlive());
    }

    @Test
    void deliversEveryByteInOrder() throws IOException {
        byte[] data = new byte[3 * (1 << 20) + 12345];
        new Random(1).nextBytes(data);
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data))) {
            assertArrayEquals(data, in.readAllBytes());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void sourceErrorReachesTheConsumerAfterTheGoodBytes() throws IOException {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        try (InputStream in = new ReadAheadInputStream(
                new SequenceInputStream(new ByteArrayInputStream(new byte[10]), failing))) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertEquals("connection reset", e.getMessage());
        }
    }

    @Test
    void closeStopsTheReaderThread() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        InputStream in = new ReadAheadInputStream(endless);
        in.read(new byte[100]);
        in.close();
        for (int i = 0; i < 50 && readerAlive(); i++) Thread.sleep(20);
        assertFalse(readerAlive());
        assertThrows(IOException.class, () -> in.read(new byte[1]));
    }
}
