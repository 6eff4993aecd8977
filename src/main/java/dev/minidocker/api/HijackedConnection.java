package dev.minidocker.api;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection taken over by a handler after the HTTP head: what the client sends (stdin for
 * attach/exec) and the raw stream back to it. The server closes the socket after the handler returns.
 */
public record HijackedConnection(InputStream in, OutputStream out) {
}
