package dev.minidocker.runtime.process;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.Niceness;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's waiting stage 2s boot at a lower priority (Stage2Launcher#spawnInBackground), and
 * a container started from one runs at its spawner's nice value, --init's PID 1 with all its
 * threads included: never at the pool's. The spawner here is a thread at nice 3, so a stage 2
 * that went "back to 0" would not pass.
 */
@RootOnly
class PoolPriorityRootTest {
    private static final int SPAWNER_NICE = 3;
    private Path work;
    private Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-nice");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.deleteWork(work);
    }

    ContainerSpec spec(String script) {
        return new ContainerSpec("n".repeat(64), "nice", List.of("sh", "-c", script), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, null, null);
    }

    /** Runs {@code body} on a thread at nice {@link #SPAWNER_NICE}; the pool's spawning thread is made by it. */
    static <T> T atSpawnerNice(Callable<T> body) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("nice-test").start(() -> {
            try {
                Niceness.set(0, SPAWNER_NICE);
                result[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] instanceof Exception e) throw e;
        if (failure[0] instanceof Error e) throw e;
        @SuppressWarnings("unchecked") T value = (T) result[0];
        return value;
    }

    /** The nice values in /proc/.../stat lines (one per task), as the container printed them. */
    static List<Integer> niceValues(String statLines) {
        List<Integer> out = new ArrayList<>();
        for (String line : statLines.split("\n")) {
            if (line.isBlank()) continue;
            out.add(Integer.parseInt(line.substring(line.lastIndexOf(')') + 2).split(" ")[16]));
        }
        return out;
    }

    void assertAll(int expected, List<Integer> nice, String what) {
        assertFalse(nice.isEmpty(), what + ": nothing read");
        assertEquals(List.of(expected), nice.stream().distinct().toList(), what + ": " + nice);
    }

    /**
     * What a background spawn starts, seen by a stand-in for java (a script recording its nice
     * value and arguments): 10 nicer than its spawner, and told the spawner's value.
     */
    @Test
    void aStage2SpawnedInTheBackgroundStartsNicerAndIsToldItsSpawnersValue() throws Exception {
        Path out = work.resolve("out");
        Path standIn = Files.createDirectories(work.resolve("jdk/bin")).resolve("java");
        Files.writeString(standIn, "#!/bin/sh\necho \"$(sed 's/.*) //' /proc/self/stat | cut -d' ' -f17) $*\" > " + out + "\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(work.resolve("jdk/lib")).resolve("stand-in.jar");
        Files.createFile(jar);
        Stage2Launcher launcher = new Stage2Launcher(Stage2Command.of(standIn.toString(), jar.toString(), null));
        String seen = atSpawnerNice(() -> {
            WaitingStage2 s = launcher.spawnInBackground("none", Stdio.of(0, 1, 2), null);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(out) || Files.size(out) == 0) {
                if (System.nanoTime() > deadline) throw new AssertionError("the stand-in never ran");
                Thread.sleep(10);
            }
            s.abandon();
            return Files.readString(out).trim();
        });
        assertEquals(String.valueOf(SPAWNER_NICE + Stage2Launcher.BACKGROUND_NICE), seen.split(" ")[0], seen);
        assertTrue(List.of(seen.split(" ")).contains("-Dminidocker.restoreNice=" + SPAWNER_NICE), seen);
    }

    @Test
    void aContainerFromAWaitingStage2RunsAtItsSpawnersNiceValue() throws Exception {
        atSpawnerNice(() -> {
            try (Stage2Pool pool = new Stage2Pool(new Stage2Launcher())) {
                ContainerSpec spec = spec("cat /proc/self/stat");
                WaitingStage2 warm = WarmStage2.claim(pool, spec, () -> { });
                PipedProcess.Ended ended = PipedProcess.start(stdio -> warm.release(spec, pid -> CgroupPlacement.NONE, stdio)).end();
                assertEquals(0, ended.code(), ended.out());
                assertAll(SPAWNER_NICE, niceValues(ended.out()), "the container's command");

                ContainerSpec init = spec("cat /proc/1/task/*/stat /proc/self/stat").withInit(true);
                WaitingStage2 forInit = WarmStage2.claim(pool, init, () -> { });
                ended = PipedProcess.start(stdio -> forInit.release(init, pid -> CgroupPlacement.NONE, stdio)).end();
                assertEquals(0, ended.code(), ended.out());
                assertAll(SPAWNER_NICE, niceValues(ended.out()), "--init's PID 1 (every thread) and the command");
            }
            return null;
        });
    }

    @Test
    void aStage2SpawnedForItsRunIsNotReniced() throws Exception {
        atSpawnerNice(() -> {
            PipedProcess.Ended ended = PipedProcess.start(stdio ->
                    new Stage2Launcher().start(spec("cat /proc/1/stat"), pid -> { }, stdio)).end();
            assertEquals(0, ended.code(), ended.out());
            assertAll(SPAWNER_NICE, niceValues(ended.out()), "the container");
            return null;
        });
    }
}
