package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.engine.container.RunRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag parsing only: what {@code run} hands the planner. */
class RunCommandTest {
    static RunRequest parse(String... args) {
        RunCommand cmd = new RunCommand();
        CommandLine cli = new CommandLine(cmd);
        cli.setStopAtPositional(true);
        cli.parseArgs(args);
        return cmd.toRequest();
    }

    @Test
    void optionsAfterTheImageBelongToTheContainer() {
        RunRequest r = parse("--rm", "-it", "-e", "A=1", "--env", "B", "busybox", "ls", "-l", "--rm");
        assertEquals("busybox", r.image());
        assertEquals(List.of("ls", "-l", "--rm"), r.command());
        assertTrue(r.autoRemove() && r.interactive() && r.tty());
        assertEquals(List.of("A=1", "B"), r.env());
    }

    @Test
    void rootfsMakesEveryPositionalTheCommand() {
        RunRequest r = parse("-r", "/srv/root", "-c", "2", "-m", "64m", "sh", "-c", "exit 3");
        assertNull(r.image());
        assertEquals(Path.of("/srv/root"), r.rootfs());
        assertEquals(List.of("sh", "-c", "exit 3"), r.command());
        assertEquals("2", r.cpus());
        assertEquals("64m", r.memory());
    }

    @Test
    void emptyEntrypointIsKeptAsEmpty() {
        RunRequest r = parse("--entrypoint", "", "-h", "box", "-v", "/a:/b", "--tmpfs", "/t", "busybox");
        assertEquals("", r.entrypoint());
        assertEquals("box", r.hostname());
        assertEquals(List.of("/a:/b"), r.volumes());
        assertEquals(List.of("/t"), r.tmpfs());
        assertEquals(List.of(), r.command());
    }

    @Test
    void runCommandUsesDefaultFsOrBusybox() {
        RunCommandCommand rc = new RunCommandCommand();
        new CommandLine(rc).setStopAtPositional(true).parseArgs("echo", "-n", "hi");
        RunRequest withFs = rc.request("/opt/fs");
        assertEquals(Path.of("/opt/fs"), withFs.rootfs());
        assertEquals(List.of("echo", "-n", "hi"), withFs.command());
        assertTrue(withFs.autoRemove());
        assertEquals("busybox:latest", rc.request(null).image());
    }
}
