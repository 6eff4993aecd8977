package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A relayed stdio (a foreground run's, the CLI's exec's) is never the caller's own descriptors: a
 * container that reopens /proc/1/fd/1, /proc/self/fd/1 or fd 2 (O_TRUNC, as the shell's {@code >}
 * does) reaches only the relay's pipe, and the caller's file, opened for appending like
 * {@code >> host.txt}, keeps what it had and gets the output appended.
 */
@RootOnly
@Timeout(120)
class StdioRelayRootTest {
    private static final String REOPEN = "echo one > /proc/1/fd/1; echo two > /proc/self/fd/1; "
            + "echo three > /proc/1/fd/2; echo four > /proc/self/fd/2; echo five; echo six >&2";
    private Path work, rootfs, out, err;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-relay");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
        out = Files.writeString(work.resolve("host-out.txt"), "earlier out\n");
        err = Files.writeString(work.resolve("host-err.txt"), "earlier err\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.deleteWork(work);
    }

    private ContainerSpec spec(String... args) {
        return new ContainerSpec("9".repeat(64), "relay", List.of(args), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, null, null);
    }

    private static int append(Path file) {
        return ProcessSyscalls.open(file.toString(), FileFlags.O_WRONLY | FileFlags.O_APPEND | FileFlags.O_CLOEXEC);
    }

    /** Runs {@code starter} on a relayed stdio: stdin {@code in} (null: /dev/null), out and err appended to the files. */
    private int run(Path in, boolean sameFile, PipedProcess.Starter starter) {
        int inFd = ProcessSyscalls.open(in == null ? "/dev/null" : in.toString(), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
        int outFd = append(out), errFd = sameFile ? outFd : append(err);
        try {
            return starter.start(Stdio.relayed(inFd, outFd, errFd, false)).waitFor();
        } finally {
            ProcessSyscalls.close(inFd);
            ProcessSyscalls.close(outFd);
            if (!sameFile) ProcessSyscalls.close(errFd);
        }
    }

    @Test
    void aRunsReopenedStdoutAndStderrAppendThroughTheRelay() throws IOException {
        assertEquals(3, run(null, false, stdio -> new Stage2Launcher().start(spec("sh", "-c", REOPEN + "; exit 3"), pid -> { }, stdio)));
        assertEquals("earlier out\none\ntwo\nfive\n", Files.readString(out));
        assertEquals("earlier err\nthree\nfour\nsix\n", Files.readString(err));
    }

    @Test
    void stdoutAndStderrOfOneFileShareAPipeAndKeepTheirOrder() throws IOException {
        assertEquals(0, run(null, true, stdio -> new Stage2Launcher().start(spec("sh", "-c",
                "for i in 1 2 3; do echo out$i; echo err$i >&2; done; echo X > /proc/1/fd/2"), pid -> { }, stdio)));
        assertEquals("earlier out\nout1\nerr1\nout2\nerr2\nout3\nerr3\nX\n", Files.readString(out));
    }

    @Test
    void stdinIsAPipeTooTheCallersInputFileStaysAsItWas() throws IOException {
        Path input = Files.writeString(work.resolve("input.txt"), "line 1\nline 2\n");
        assertEquals(0, run(input, false, stdio -> new Stage2Launcher().start(spec("sh", "-c",
                "cat; echo gone > /proc/1/fd/0; echo status $?"), pid -> { }, stdio)));
        assertEquals("earlier out\nline 1\nline 2\nstatus 0\n", Files.readString(out));
        assertEquals("line 1\nline 2\n", Files.readString(input), "the container's write went to the pipe, not the file");
    }

    /** In an exec, PID 1 is the container's own process: the exec'd shell reopens its own fds ($$, self). */
    @Test
    void anExecsReopenedStdoutAppendsThroughTheRelay() throws IOException {
        var container = PipedProcess.start(stdio -> new Stage2Launcher().start(spec("sleep", "1000"), pid -> { }, stdio));
        try {
            assertEquals(4, run(null, false, stdio -> new ExecLauncher().start(container.pid(),
                    PipedProcess.execSpec(List.of("PATH=/bin"), "sh", "-c",
                            REOPEN.replace("/proc/1/", "/proc/$$/") + "; exit 4"), false, stdio)));
            assertEquals("earlier out\none\ntwo\nfive\n", Files.readString(out));
            assertEquals("earlier err\nthree\nfour\nsix\n", Files.readString(err));
            // A background job that keeps the pipe does not hold the exec past the drain time (Docker's 2 s).
            assertEquals(0, run(null, false, stdio -> new ExecLauncher().start(container.pid(),
                    PipedProcess.execSpec(List.of("PATH=/bin"), "sh", "-c", "sleep 1000 & echo started"), false, stdio)));
            assertEquals("earlier out\none\ntwo\nfive\nstarted\n", Files.readString(out));
        } finally {
            ProcessSyscalls.kill(container.pid(), 9);
            container.end();
        }
    }
}
