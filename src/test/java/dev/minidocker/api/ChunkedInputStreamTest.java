package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunked bodies: what is accepted, and the broken framings that fail with 400. */
class ChunkedInputStreamTest {

    @Test
    void chunksWithExtensionsLeadingZerosAndTrailersAreJoined() throws Exception {
        InputStream in = chunked("3;name=value\r\nabc\r\n0000000000000000002 \r\nde\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\nNEXT");
        assertEquals("abcde0123456789", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals(-1, in.read());
    }

    @Test
    void theNextRequestIsLeftUnread() throws Exception {
        ByteArrayInputStream raw = new ByteArrayInputStream("1\r\nx\r\n0\r\n\r\nGET".getBytes(StandardCharsets.US_ASCII));
        new ChunkedInputStream(raw).readAllBytes();
        assertEquals("GET", new String(raw.readAllBytes(), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "-1", "+1", "", " 5", "5 5", "0x5", "\u00e9"})
    void aSizeThatIsNotHexIs400(String size) {
        assertBad("bad chunk size", size + "\r\nabcde\r\n0\r\n\r\n");
    }

    @Test
    void aSizeThatOverflowsIs400() {
        assertBad("chunk size too large", "10000000000000000\r\nx\r\n");
        assertBad("chunk size too large", "ffffffffffffffffffff\r\nx\r\n");
    }

    @Test
    void dataNotFollowedByCrlfIs400() {
        assertBad("not followed by CRLF", "3\r\nabcdef\r\n0\r\n\r\n");
        assertBad("not followed by CRLF", "3\r\nabcX\n0\r\n\r\n");
    }

    @Test
    void aSizeLineOrTrailersOverTheirLimitsAre400() {
        assertBad("too long", "5;" + "x".repeat(ChunkedInputStream.MAX_SIZE_LINE) + "\r\nabcde\r\n0\r\n\r\n");
        StringBuilder trailers = new StringBuilder("0\r\n");
        for (int i = 0; i < 100; i++) trailers.append("X-T").append(i).append(": ").append("v".repeat(200)).append("\r\n");
        assertBad("too long", trailers + "\r\n");
    }

    @Test
    void aConnectionClosedInsideTheBodyIsAnEndOfStream() {
        assertThrows(EOFException.class, () -> chunked("5\r\nab").readAllBytes());
        assertThrows(EOFException.class, () -> chunked("5\r\nabcde\r\n").readAllBytes());
    }

    private static InputStream chunked(String body) {
        return new ChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void assertBad(String expected, String body) {
        BadBodyException e = assertThrows(BadBodyException.class, () -> chunked(body).readAllBytes());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
