package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.engine.Engine;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Foreground runs whose client is killed with SIGKILL at a random moment, from before its JVM is up
 * to while its container runs, leave nothing: in-process (the stage 2 dies with the CLI, the next
 * command sweeps the record, cgroups and address) and through the daemon (the daemon sees the
 * client go, kills the container and cleans up). Every fifth run uses the bridge network, so
 * addresses and links are checked too. The seed is printed to replay a failure.
 */
@RootOnly
class KilledRunRootTest {
    private static final int RUNS = 50; // each way: 100 in all

    @Test
    @Timeout(900)
    void inProcessRunsKilledAtRandomMomentsLeaveNothing(@TempDir Path root) throws Exception {
        killRuns(root, true, RUNS);
    }

    @Test
    @Timeout(900)
    void runsThroughTheDaemonKilledAtRandomMomentsLeaveNothing(@TempDir Path root) throws Exception {
        Daemon daemon = null;
        try {
            StoreLeaks leaks = pull(root);
            daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("minidocker.sock")), null, null));
            kill(root, false, RUNS);
            daemon.close();
            daemon = null;
            check(root, leaks);
        } finally {
            if (daemon != null) daemon.close();
        }
    }

    private void killRuns(Path root, boolean inProcess, int runs) throws Exception {
        StoreLeaks leaks = pull(root);
        kill(root, inProcess, runs);
        check(root, leaks);
    }

    private StoreLeaks pull(Path root) {
        StoreLeaks leaks = StoreLeaks.watch(root);
        String image = LocalRegistry.shared().push(TestImages.busybox(), "killed/busybox", TestImages.TAG);
        assertEquals(0, Main.run("--root", root.toString(), "pull", "-q", image));
        this.image = image;
        return leaks;
    }

    private String image;

    private void kill(Path root, boolean inProcess, int runs) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path out = Files.createTempFile("killed-run", ".out");
        try {
            // Calibration: how long a run takes here, now, to its container's first output.
            Process first = start(root, inProcess, true, out);
            long t0 = System.nanoTime();
            while (!Files.readString(out).contains("started")) {
                assertTrue(first.isAlive() || Files.readString(out).contains("started"), "the calibration run failed: " + Files.readString(out));
                Thread.sleep(5);
            }
            int startedMs = (int) ((System.nanoTime() - t0) / 1_000_000);
            first.waitFor();
            int killedAfterStart = 0;
            for (int i = 0; i < runs; i++) {
                Files.writeString(out, "");
                Process p = start(root, inProcess, i % 5 != 4, out);
                int delay = random.nextInt(startedMs * 5 / 2 + 1); // from before its JVM is up to well after its container started
                if (p.waitFor(delay, TimeUnit.MILLISECONDS)) continue; // ended before its moment: nothing to kill
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
                if (Files.readString(out).contains("started")) killedAfterStart++;
            }
            System.out.println("KilledRunRootTest " + (inProcess ? "in-process" : "daemon") + ": seed " + seed + ", "
                    + runs + " runs killed within " + (startedMs * 5 / 2) + " ms (a run's container started after "
                    + startedMs + " ms), " + killedAfterStart + " of them after their container started");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private Process start(Path root, boolean inProcess, boolean noNetwork, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--root", root.toString(), "run", "--rm"));
        if (noNetwork) cmd.addAll(List.of("--network", "none"));
        cmd.addAll(List.of(image, "sh", "-c", "echo started; sleep 2"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("MINIDOCKER_IN_PROCESS", inProcess ? "1" : "0");
        return pb.start();
    }

    /** After the next command's sweep (ps -a) and the runs' own ends: no record, half-created or not, and no leak. */
    private void check(Path root, StoreLeaks leaks) throws Exception {
        ContainerStore store = new ContainerStore(root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Engine engine = Engine.open(root)) {
            while (true) {
                engine.containers().list(false); // what `ps -a` does first: the sweep
                if (store.directoryIds().isEmpty() || System.nanoTime() > deadline) break;
                Thread.sleep(200); // daemon runs end on their own (sleep 2), then --rm removes them
            }
        }
        List<String> left = new ArrayList<>();
        for (String id : store.directoryIds()) {
            try (var files = Files.list(store.containerDir(id))) {
                left.add(id.substring(0, 12) + " " + files.map(f -> f.getFileName().toString()).sorted().toList()
                        + " owner " + store.owner(id).orElse(null));
            }
        }
        try (var entries = Files.list(root.resolve("containers"))) {
            entries.filter(p -> p.getFileName().toString().startsWith(".new-")).forEach(p -> left.add(p.getFileName().toString()));
        }
        assertEquals(List.of(), left, "container directories left");
        leaks.assertNothingLeft();
    }
}
