package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The memory window a layer's gzip streams through on its way to the registry. */
class StreamedBlobTest {
    private static final int MIB = 1 << 20;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] read(StreamedBlob blob, long offset, int length) throws IOException {
        try (InputStream in = blob.open(offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void rangesReadBackAcrossSegmentsAndCanBeReadAgainUntilSent() throws Exception {
        byte[] data = random(3 * MIB + 123);
        try (StreamedBlob blob = new StreamedBlob(8L * MIB)) {
            blob.sink.write(data);
            blob.complete(Digest.sha256(data), data.length);
            assertEquals(data.length, blob.await(data.length + 1L));
            assertTrue(blob.isComplete());
            byte[] middle = java.util.Arrays.copyOfRange(data, MIB - 10, 2 * MIB + 10);
            assertArrayEquals(middle, read(blob, MIB - 10, middle.length));
            assertArrayEquals(middle, read(blob, MIB - 10, middle.length), "a retried HTTP attempt reads the same bytes");
            blob.sent(2L * MIB);
            assertThrows(IOException.class, () -> blob.open(MIB, 10), "sent bytes are freed");
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 2 * MIB, data.length), read(blob, 2L * MIB, data.length - 2 * MIB));
            assertEquals(Digest.sha256(data), blob.digest());
        }
    }

    @Test
    void theWriterWaitsWhileTheWindowIsFullAndGoesOnWhenBytesAreSent() throws Exception {
        byte[] data = random(6 * MIB);
        try (StreamedBlob blob = new StreamedBlob(2L * MIB)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    blob.sink.write(data);
                    blob.complete(Digest.sha256(data), data.length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(2L * MIB, blob.await(3L * MIB - 1) >= 2L * MIB ? 2L * MIB : -1);
            assertThrows(TimeoutException.class, () -> writing.get(300, TimeUnit.MILLISECONDS), "the window is full");
            assertFalse(blob.isComplete());
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            for (long offset = 0; offset < data.length; offset += MIB) {
                blob.await(offset + MIB);
                received.write(read(blob, offset, MIB));
                blob.sent(offset + MIB);
            }
            writing.get(10, TimeUnit.SECONDS);
            assertArrayEquals(data, received.toByteArray());
        }
    }

    @Test
    void anUploaderThatNeedsALargerChunkThanTheWindowWidensIt() throws Exception {
        byte[] data = random(5 * MIB);
        try (StreamedBlob blob = new StreamedBlob(MIB)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    blob.sink.write(data);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(4L * MIB, Math.min(4L * MIB, blob.await(4L * MIB)), "a registry's 4 MiB minimum chunk fits");
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 4 * MIB), read(blob, 0, 4 * MIB));
            blob.sent(4L * MIB);
            writing.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailureOnOneSideStopsTheOtherWithTheFirstCause() throws Exception {
        try (StreamedBlob blob = new StreamedBlob(MIB)) {
            blob.sink.write(random(MIB));
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try {
                    blob.sink.write(random(10));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(blob.fail(new IOException("registry 127.0.0.1:5000 refused the upload (500)")));
            Exception e = assertThrows(Exception.class, () -> blocked.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("refused the upload"), e.getCause().getMessage());
            assertFalse(blob.fail(new IOException("a consequence")), "only the first failure is the cause");
            IOException seen = assertThrows(IOException.class, () -> blob.await(2L * MIB));
            assertEquals("registry 127.0.0.1:5000 refused the upload (500)", seen.getMessage());
        }
    }

    @Test
    void closingBeforeTheEndStopsTheWriter() throws Exception {
        StreamedBlob blob = new StreamedBlob(MIB);
        blob.sink.write(random(MIB));
        blob.close();
        assertThrows(IOException.class, () -> blob.sink.write(new byte[1]));
    }
}
