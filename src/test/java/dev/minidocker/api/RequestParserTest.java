package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request head's error paths: each refused head gets the status Go's net/http (dockerd) answers with. */
class RequestParserTest {
    private static final HttpLimits LIMITS = HttpLimits.DEFAULTS;

    @Test
    void aGoodHeadIsParsed() throws Exception {
        RequestHead h = parse("\r\nPOST /v1.41/containers/create?name=a+b&x=1 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 12\r\n\r\n");
        assertEquals("POST", h.method());
        assertEquals("/containers/create", h.path());
        assertEquals("1.41", h.apiVersion());
        assertEquals(List.of("a b"), h.query().get("name"));
        assertEquals("application/json", h.header("content-type"));
        assertEquals(12, h.contentLength());
        assertTrue(h.keepAlive());
        assertEquals(RequestHead.CHUNKED, parse("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n").contentLength());
        assertEquals(0, parse("GET /x HTTP/1.1\r\n\r\n").contentLength());
        assertEquals(5, parse("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n").contentLength());
    }

    @Test
    void connectionPersistenceFollowsTheHttpVersion() throws Exception {
        assertFalse(parse("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(parse("GET /x HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
    }

    @Test
    void theEndOfTheStreamBetweenRequestsIsNotAnError() throws Exception {
        assertNull(parse(""));
        assertNull(parse("\r\n\r\n"));
        assertThrows(EOFException.class, () -> parse("GET /x HTTP/1.1\r\nHost: x\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /x", "GET  /x HTTP/1.1", "GET /x HTTP/1.1 extra", "GET x HTTP/1.1", "G(T /x HTTP/1.1",
            "GET /x FOO/1.1", "GET /x HTTP/1", "GET /x\u0001y HTTP/1.1", " GET /x HTTP/1.1", "GET /x?a=%zz HTTP/1.1"})
    void aMalformedRequestLineIs400(String line) {
        assertStatus(400, line + "\r\n\r\n");
    }

    @Test
    void anotherMajorHttpVersionIs505() {
        assertStatus(505, "GET /x HTTP/2.0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NoColon", ": empty name", "Bad Name: x", "Name : space before colon", " folded: line",
            "\tfolded: line", "X-Nul: a\u0000b", "X-Cr: a\rb"})
    void aMalformedHeaderLineIs400(String header) {
        assertStatus(400, "GET /x HTTP/1.1\r\nHost: x\r\n" + header + "\r\n\r\n");
    }

    @Test
    void aHeadOverItsLimitsIs431() {
        assertStatus(431, "GET /" + "a".repeat(LIMITS.maxHeadBytes()) + " HTTP/1.1\r\n\r\n");
        assertStatus(431, "GET /x HTTP/1.1\r\nX-Big: " + "b".repeat(LIMITS.maxHeadBytes()) + "\r\n\r\n");
        StringBuilder many = new StringBuilder("GET /x HTTP/1.1\r\n");
        for (int i = 0; i <= LIMITS.maxHeaderLines(); i++) many.append("X-").append(i).append(": v\r\n");
        assertStatus(431, many + "\r\n");
        // many lines each under the limit, together over it
        StringBuilder big = new StringBuilder("GET /x HTTP/1.1\r\n");
        for (int i = 0; i < 40; i++) big.append("X-").append(i).append(": ").append("c".repeat(4000)).append("\r\n");
        assertStatus(431, big + "\r\n");
        assertStatus(431, "\r\n".repeat(LIMITS.maxHeadBytes()) + "GET /x HTTP/1.1\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+5", "1 2", "0x10", "1.0", "1234567890123456789", "", "5,5"})
    void aBadContentLengthIs400(String length) {
        assertStatus(400, "POST /x HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n");
    }

    @Test
    void conflictingOrDoubleBodyFramingIs400() {
        assertStatus(400, "POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
        assertStatus(400, "POST /x HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void aTransferCodingOtherThanChunkedIs501() {
        assertStatus(501, "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assertStatus(501, "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertStatus(501, "POST /x HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n");
    }

    @Test
    void anExpectationOtherThan100ContinueIs417() throws Exception {
        assertStatus(417, "POST /x HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n");
        assertTrue(parse("POST /x HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").expectsContinue());
    }

    private static RequestHead parse(String head) throws Exception {
        return RequestParser.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)), LIMITS);
    }

    private static void assertStatus(int status, String head) {
        ApiException e = assertThrows(ApiException.class, () -> parse(head));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "the message does not echo the whole head back");
    }
}
