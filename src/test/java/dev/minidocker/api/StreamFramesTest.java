package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
    @Test
    void headerIsStreamThenBigEndianSize() {
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 1, 3}, StreamFrames.header(2, 259));
    }

    @Test
    void framesRoundTripAndEmptyWritesSendNothing() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StreamFrames frames = new StreamFrames(buf);
        OutputStream out = frames.streamOf(StreamFrames.STDOUT);
        out.write("one\n".getBytes());
        out.write(new byte[0]);
        frames.streamOf(StreamFrames.STDERR).write('!');
        assertEquals(8 + 4 + 8 + 1, buf.size());
        ByteArrayInputStream in = new ByteArrayInputStream(buf.toByteArray());
        StreamFrames.Frame a = StreamFrames.read(in);
        assertEquals(1, a.stream());
        assertEquals("one\n", new String(a.data()));
        StreamFrames.Frame b = StreamFrames.read(in);
        assertEquals(2, b.stream());
        assertEquals("!", new String(b.data()));
        assertNull(StreamFrames.read(in));
    }

    @Test
    void truncatedFrameIsAnError() {
        byte[] cut = {1, 0, 0, 0, 0, 0, 0, 5, 'a', 'b'};
        assertThrows(EOFException.class, () -> StreamFrames.read(new ByteArrayInputStream(cut)));
    }
}
