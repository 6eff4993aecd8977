package dev.minidocker.cli;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ps and rm over records written directly (no containers needed, no root). */
class PsRmCommandTest {
    @TempDir
    Path root;
    ContainerStore store;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut;
    PrintStream savedErr;

    @BeforeEach
    void capture() {
        store = new ContainerStore(root);
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    String add(String id, String name, ContainerState state) {
        store.create(new ContainerRecord(id, name, "sha256:" + "a".repeat(64), "busybox",
                new ContainerRecord.Config(List.of("sleep", "100"), List.of(), List.of(), "/", "", "h", false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none", false,
                        false, null), Instant.now().minusSeconds(30).toString()));
        store.writeState(id, state);
        return id;
    }

    int main(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.run(all);
    }

    @Test
    void psShowsRunningByDefaultAndAllWithA() {
        long me = ProcessHandle.current().pid();
        String running = add("aa" + "0".repeat(62), "alive",
                ContainerState.created().running(me, ProcessIdentity.startTime(me).orElseThrow(), Instant.now().minusSeconds(3)));
        add("bb" + "0".repeat(62), "finished", ContainerState.created().running(1, 1, Instant.now()).exited(3, false, Instant.now().minusSeconds(2)));
        add("cc" + "0".repeat(62), "lost", ContainerState.created().running(Integer.MAX_VALUE, 5, Instant.now().minusSeconds(9)));

        assertEquals(0, main("ps"));
        String ps = out.toString(StandardCharsets.UTF_8);
        assertTrue(ps.startsWith("CONTAINER ID   IMAGE     COMMAND"), ps);
        assertTrue(ps.contains(running.substring(0, 12)) && ps.matches("(?s).*Up \\d+ seconds.*") && ps.contains("\"sleep 100\""), ps);
        assertEquals(2, ps.lines().count(), "only the running one:\n" + ps);

        out.reset();
        assertEquals(0, main("ps", "-a", "-q", "--no-trunc"));
        assertEquals(List.of("cc" + "0".repeat(62), "bb" + "0".repeat(62), "aa" + "0".repeat(62)).stream().sorted().toList(),
                out.toString(StandardCharsets.UTF_8).lines().sorted().toList());

        out.reset();
        assertEquals(0, main("ps", "-a"));
        ps = out.toString(StandardCharsets.UTF_8);
        assertTrue(ps.matches("(?s).*Exited \\(3\\) \\d+ seconds ago.*"), ps);
        assertTrue(ps.matches("(?s).*Exited \\(255\\) \\d+ seconds ago +lost.*"), "a dead init is not 'Up':\n" + ps);
    }

    @Test
    void rmRefusesARunningContainerAndRemovesStoppedOnesByNameOrPrefix() {
        long me = ProcessHandle.current().pid();
        String running = add("dd" + "0".repeat(62), "alive",
                ContainerState.created().running(me, ProcessIdentity.startTime(me).orElseThrow(), Instant.now()));
        add("ee" + "0".repeat(62), "stopped", ContainerState.created().exited(0, false, Instant.now()));
        add("ef" + "0".repeat(62), "other", ContainerState.created());

        assertEquals(1, main("rm", "alive", "e", "stopped", "nosuch"));
        assertEquals(List.of("stopped"), out.toString(StandardCharsets.UTF_8).lines().toList());
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("mini-docker: You cannot remove a running container " + running
                + ". Stop the container before attempting removal or force remove"), errors);
        assertTrue(errors.contains("mini-docker: No such container: nosuch"), errors);
        assertTrue(errors.contains("mini-docker: multiple IDs found with provided prefix: e"), errors);
        assertEquals(List.of(running, "ef" + "0".repeat(62)).stream().sorted().toList(), store.ids().stream().sorted().toList());

        out.reset();
        assertEquals(0, main("rm", "ef"));
        assertEquals(List.of("ef"), out.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
