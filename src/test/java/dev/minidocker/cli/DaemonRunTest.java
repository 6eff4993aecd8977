package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.container.RunRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the daemon reads a client's run: the CLI's parsers, paths relative to the client's cwd. */
class DaemonRunTest {
    private static final Path CWD = Path.of("/home/client/project");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RunRequest parse(String verb, Map<String, String> env, String... args) {
        return DaemonRun.parse(new DaemonRun.Caller(verb, List.of(args), env, CWD),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void plainArgumentsTakeTheFastPathWithRelativePathsResolvedAgainstTheClientsCwd() {
        RunRequest r = parse("run", Map.of(), "--rm", "--network", "none", "--env-file", "vars.env", "-e", "K",
                "--init", "busybox", "ls", "-l");
        assertTrue(r.autoRemove());
        assertTrue(r.init());
        assertEquals("none", r.network());
        assertEquals(List.of(CWD.resolve("vars.env")), r.envFiles());
        assertEquals(List.of("K"), r.env());
        assertEquals("busybox", r.image());
        assertEquals(List.of("ls", "-l"), r.command());
        RunRequest rootfs = parse("run", Map.of(), "-r", "rootfs", "sh");
        assertEquals(CWD.resolve("rootfs"), rootfs.rootfs());
        assertEquals(List.of("sh"), rootfs.command());
    }

    @Test
    void otherFormsGoThroughPicocliAsInTheCli() {
        RunRequest r = parse("run", Map.of(), "-eA=1", "--env-file=/abs.env", "busybox", "true");
        assertEquals(List.of("A=1"), r.env());
        assertEquals(List.of(Path.of("/abs.env")), r.envFiles());
        assertThrows(CommandLine.ParameterException.class, () -> parse("run", Map.of(), "--no-such-flag", "busybox"));
    }

    @Test
    void helpIsPrintedToTheClientsStdout() {
        assertNull(parse("run", Map.of(), "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: mini-docker run"), out.toString());
    }

    @Test
    void detachedAndTtyRunsAreRefused() {
        assertThrows(MiniDockerException.class, () -> parse("run", Map.of(), "-d", "busybox"));
        assertThrows(MiniDockerException.class, () -> parse("run", Map.of(), "-t", "busybox", "sh"));
        assertThrows(MiniDockerException.class, () -> parse("exec", Map.of(), "c1", "sh"));
    }

    @Test
    void runCommandTakesTheDefaultFilesystemFromTheClientsEnvironment() {
        RunRequest image = parse("run-command", Map.of(), "echo", "hi");
        assertEquals(RunCommandCommand.DEFAULT_IMAGE, image.image());
        assertEquals(List.of("echo", "hi"), image.command());
        RunRequest dir = parse("run-command", Map.of("MINIDOCKER_DEFAULT_FS", "fs"), "true");
        assertEquals(CWD.resolve("fs"), dir.rootfs());
        assertTrue(dir.autoRemove());
    }
}
