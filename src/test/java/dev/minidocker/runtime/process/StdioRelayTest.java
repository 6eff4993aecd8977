package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay without a container (no root): this test holds the container's ends, as a spawned
 * process would, and plays the caller with pipes of its own.
 */
@Timeout(60)
class StdioRelayTest {

    private static void write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ProcessSyscalls.writeFully(fd, b, 0, b.length);
    }

    /** The container's ends, duplicated before start() closes the relay's copies (what a spawn leaves the child). */
    private static int[] holdContainerSide(StdioRelay relay) {
        Stdio side = relay.containerSide();
        return new int[] {ProcessSyscalls.dupAbove(side.in(), 3), ProcessSyscalls.dupAbove(side.out(), 3),
                ProcessSyscalls.dupAbove(side.err(), 3)};
    }

    @Test
    void outputOfOneCallerFileSharesAPipeAndKeepsItsOrder() {
        int[] caller = ProcessSyscalls.pipe();
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
        StdioRelay relay = StdioRelay.open(Stdio.relayed(devNull, caller[1], caller[1], false));
        int[] container = holdContainerSide(relay);
        relay.start();
        try {
            assertEquals(devNull, relay.containerSide().in(), "/dev/null stays as it is: nothing to reach there");
            write(container[1], "out1\n");
            write(container[2], "err1\n");
            write(container[1], "out2\n");
        } finally {
            for (int fd : container) ProcessSyscalls.close(fd);
            ProcessSyscalls.close(caller[1]);
            ProcessSyscalls.close(devNull);
        }
        relay.finish();
        assertEquals("out1\nerr1\nout2\n", new String(ProcessSyscalls.readAll(caller[0]), StandardCharsets.UTF_8));
        ProcessSyscalls.close(caller[0]);
    }

    @Test
    void separateCallerFilesGetSeparatePipesAndStdinIsPiped() {
        int[] out = ProcessSyscalls.pipe(), err = ProcessSyscalls.pipe(), in = ProcessSyscalls.pipe();
        StdioRelay relay = StdioRelay.open(Stdio.relayed(in[0], out[1], err[1], false));
        Stdio side = relay.containerSide();
        assertNotEquals(side.out(), side.err());
        assertNotEquals(in[0], side.in());
        int[] container = holdContainerSide(relay);
        relay.start();
        ProcessSyscalls.close(out[1]);
        ProcessSyscalls.close(err[1]);
        ProcessSyscalls.close(in[0]); // the relay reads its own duplicate
        write(in[1], "typed\n");
        ProcessSyscalls.close(in[1]); // the caller's end of file becomes the container's
        assertEquals("typed\n", new String(ProcessSyscalls.readAll(container[0]), StandardCharsets.UTF_8));
        write(container[1], "to out\n");
        write(container[2], "to err\n");
        for (int fd : container) ProcessSyscalls.close(fd);
        relay.finish();
        assertEquals("to out\n", new String(ProcessSyscalls.readAll(out[0]), StandardCharsets.UTF_8));
        assertEquals("to err\n", new String(ProcessSyscalls.readAll(err[0]), StandardCharsets.UTF_8));
        ProcessSyscalls.close(out[0]);
        ProcessSyscalls.close(err[0]);
    }

    /** A process that keeps the pipe (an exec's background job) does not hold finish() past the drain time. */
    @Test
    void finishStopsCopyingWhenSomeoneKeepsThePipeOpen() {
        int[] caller = ProcessSyscalls.pipe();
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
        StdioRelay relay = StdioRelay.open(Stdio.relayed(devNull, caller[1], caller[1], false));
        int[] container = holdContainerSide(relay);
        relay.start();
        ProcessSyscalls.close(devNull);
        ProcessSyscalls.close(caller[1]);
        write(container[1], "before exit\n");
        relay.finish(); // container[1] is still open: ends after the drain time, not never
        assertEquals("before exit\n", new String(ProcessSyscalls.readAll(caller[0]), StandardCharsets.UTF_8),
                "the relay's copy of the caller's end is closed: end of file");
        for (int fd : container) ProcessSyscalls.close(fd);
        ProcessSyscalls.close(caller[0]);
    }
}
