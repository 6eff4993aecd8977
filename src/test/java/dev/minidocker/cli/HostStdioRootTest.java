package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.StoreLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the CLI's foreground run, as a shell runs {@code mini-docker run ... >> host.txt}, in a
 * JVM of its own (MINIDOCKER_IN_PROCESS=1: no daemon). The container gets pipes the CLI relays, so
 * reopening /proc/1/fd/1 (or /proc/self/fd/1, fd 2, fd 0) from inside cannot truncate the caller's
 * files: they keep their content and get only the container's output appended.
 */
@RootOnly
class HostStdioRootTest {
    @TempDir
    Path tmp;
    Path rootfs;
    MiniDockerProcess md;
    StoreLeaks leaks;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        md = new MiniDockerProcess(tmp.resolve("store"), tmp.resolve("logs"));
        leaks = StoreLeaks.watch(md.root());
    }

    @AfterEach
    void nothingLeft() throws Exception {
        try {
            if (Files.exists(md.root().resolve("daemon.json"))) md.call("daemon", "stop").ok();
        } finally {
            leaks.assertNothingLeft();
        }
    }

    /** Runs {@code mini-docker run --rm FLAGS -r ROOTFS sh -c SCRIPT}, stdin from {@code in}, out and err appended to the files. */
    private int run(Path in, Path out, Path err, List<String> flags, String script) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(flags);
        args.addAll(List.of("-r", rootfs.toString(), "sh", "-c", script));
        return cli(in, out, err, Map.of("MINIDOCKER_IN_PROCESS", "1"), args.toArray(String[]::new));
    }

    /** {@code mini-docker args...} in a JVM of its own, stdin from {@code in}, out and err appended to the files. */
    private int cli(Path in, Path out, Path err, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(md.argv(args))
                .redirectInput(in.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mini-docker " + args[0] + " did not finish");
        }
        return p.exitValue();
    }

    @Test
    void reopenedStdoutAndStderrAppendAndTheHostFilesKeepTheirContent() throws Exception {
        Path out = Files.writeString(tmp.resolve("host.txt"), "earlier\n");
        Path err = Files.writeString(tmp.resolve("host-err.txt"), "earlier err\n");
        int code = run(Path.of("/dev/null"), out, err, List.of(), "echo X > /proc/1/fd/1; echo Y > /proc/self/fd/1; "
                + "echo E > /proc/1/fd/2; echo F > /proc/self/fd/2; echo Z; exit 6");
        assertEquals(6, code);
        assertEquals("earlier\nX\nY\nZ\n", Files.readString(out));
        assertEquals("earlier err\nE\nF\n", Files.readString(err));
    }

    @Test
    void withDashIAReopenedStdinCannotTruncateTheCallersInput() throws Exception {
        Path in = Files.writeString(tmp.resolve("input.txt"), "typed\n");
        Path out = Files.writeString(tmp.resolve("host.txt"), "earlier\n");
        Path err = tmp.resolve("host-err.txt");
        Files.writeString(err, "");
        assertEquals(0, run(in, out, err, List.of("-i"), "cat; echo gone > /proc/1/fd/0; echo status $?"));
        assertEquals("earlier\ntyped\nstatus 0\n", Files.readString(out), Files.readString(err));
        assertEquals("typed\n", Files.readString(in));
    }

    /** The CLI's exec into a running container (started by its daemon), as {@code mini-docker exec ... >> host.txt}. */
    @Test
    void anExecsReopenedStdoutAppendsAndTheHostFileKeepsItsContent() throws Exception {
        md.call("run", "-d", "--name", "relay-exec", "--network", "none", "-r", rootfs.toString(), "sleep", "1000").ok();
        Path out = Files.writeString(tmp.resolve("host.txt"), "earlier\n");
        Path err = Files.writeString(tmp.resolve("host-err.txt"), "earlier err\n");
        int code = cli(Path.of("/dev/null"), out, err, Map.of(), "exec", "relay-exec", "sh", "-c",
                "echo X > /proc/$$/fd/1; echo Y > /proc/self/fd/1; echo E > /proc/$$/fd/2; echo Z; exit 5");
        assertEquals(5, code);
        assertEquals("earlier\nX\nY\nZ\n", Files.readString(out));
        assertEquals("earlier err\nE\n", Files.readString(err));
        md.call("rm", "-f", "relay-exec").ok();
    }
}
