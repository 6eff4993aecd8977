package dev.minidocker.api.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.cli.Main;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.runtime.process.Stage2Pool;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /minidocker/runs against a real daemon: a client process (a sleep whose stdio are files or
 * a pipe) asks for runs, and the container's output lands in the client's own files.
 */
@RootOnly
@Timeout(120)
class ClientRunRootTest {
    @TempDir
    static Path root;
    static Daemon daemon;
    static String image;

    @BeforeAll
    static void startDaemon() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "clientrun/busybox", TestImages.TAG);
        assertEquals(0, Main.run("--root", root.toString(), "pull", "-q", image));
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, null));
    }

    @AfterAll
    static void stopDaemon() throws IOException {
        if (daemon != null) daemon.close();
        ContainerStore store = new ContainerStore(root);
        List<String> left = new ArrayList<>(store.ids());
        for (String id : left) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
        assertEquals(List.of(), left, "containers left behind");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(root.toString()), "mounts left behind");
    }

    /** A process whose 0/1/2 the daemon takes: stdin a pipe the test writes, stdout and stderr files. */
    record Client(Process process, Path out, Path err) implements AutoCloseable {
        static Client start(Path dir) throws IOException {
            Path out = Files.createTempFile(dir, "out", ""), err = Files.createTempFile(dir, "err", "");
            Process p = new ProcessBuilder("sleep", "600").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Client(p, out, err);
        }

        /** Its stdout and stderr files already hold a line each and are open for appending ({@code >> file}). */
        static Client appending(Path dir) throws IOException {
            Path out = Files.writeString(dir.resolve("host-out.txt"), "earlier out\n");
            Path err = Files.writeString(dir.resolve("host-err.txt"), "earlier err\n");
            Process p = new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
            return new Client(p, out, err);
        }

        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RunProtocolClient request(Client c, String verb, String... args) throws IOException {
        return RunProtocolClient.start(root.resolve("md.sock"), verb, c.process().pid(), root, List.of(args),
                List.of("PATH=/usr/bin:/bin", "GREETING=from the client"));
    }

    /** Runs to the end; the daemon's final line. */
    private static String run(Client c, String... args) throws IOException {
        try (RunProtocolClient r = request(c, "run", args)) {
            assertEquals(101, r.status, r.head);
            assertTrue(r.head.contains("Upgrade: minidocker-run"), r.head);
            return r.rest();
        }
    }

    private List<String> runArgs(String... command) {
        List<String> a = new ArrayList<>(List.of("--rm", "--network", "none", image));
        a.addAll(List.of(command));
        return a;
    }

    /** The in-process run's exit code and the message it printed ("mini-docker: " stripped). */
    private static String inProcessError(String... runArgs) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            List<String> argv = new ArrayList<>(List.of("--root", root.toString(), "run"));
            argv.addAll(List.of(runArgs));
            code = Main.run(argv.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("mini-docker: ")).toList();
        return "error " + code + " " + lines.getLast().substring("mini-docker: ".length()) + "\n";
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void outputGoesToTheClientsOwnStdoutAndStderrAndTheExitCodePassesThrough(@TempDir Path dir) throws Exception {
        try (Client c = Client.start(dir)) {
            assertEquals("exit 3\n", run(c, runArgs("sh", "-c", "echo hi; echo $GREETING; echo oops >&2; exit 3").toArray(String[]::new)));
            assertEquals("hi\n\n", c.stdout(), "-e was not given: the client's environment stays out");
            assertEquals("oops\n", c.stderr());
            assertEquals("exit 0\n", run(c, "--rm", "--network", "none", "-e", "GREETING", image, "sh", "-c", "echo $GREETING"));
            assertEquals("hi\n\nfrom the client\n", c.stdout(), "-e NAME takes the client's value");
        }
        assertEquals(List.of(), new ContainerStore(root).ids());
    }

    @Test
    void failuresAnswerTheCodeAndMessageOfTheInProcessRun(@TempDir Path dir) throws Exception {
        try (Client c = Client.start(dir)) {
            String notFound = run(c, runArgs("no-such-command").toArray(String[]::new));
            assertTrue(notFound.startsWith("error 127 exec: \"no-such-command\""), notFound);
            assertEquals(inProcessError(runArgs("no-such-command").toArray(String[]::new)), notFound);
            String noImage = run(c, "--rm", "--pull", "never", "no-such-image", "true");
            assertTrue(noImage.startsWith("error 125 "), noImage);
            assertEquals(inProcessError("--rm", "--pull", "never", "no-such-image", "true"), noImage);
            String badLimit = run(c, "--rm", "--memory", "1m", image, "true"); // checked by the daemon's planner
            assertEquals("error 125 Minimum memory limit allowed is 6MB\n", badLimit);
            assertEquals(inProcessError("--rm", "--memory", "1m", image, "true"), badLimit);
        }
        assertEquals(List.of(), new ContainerStore(root).ids());
    }

    @Test
    void badRequestsGetAnHttpError(@TempDir Path dir) throws Exception {
        try (RunProtocolClient r = RunProtocolClient.start(root.resolve("md.sock"), "run", Integer.MAX_VALUE - 7, root,
                runArgs("true"), List.of())) {
            assertEquals(400, r.status, r.head);
            assertTrue(r.rest().contains("the client is gone"));
        }
        try (Client c = Client.start(dir); RunProtocolClient r = request(c, "exec", "x")) {
            assertEquals(400, r.status, r.head);
        }
    }

    /**
     * The container gets pipes the daemon relays, not the client's files: reopening /proc/1/fd/1
     * (or fd 2, or /proc/self/fd/1) with the shell's O_TRUNC reaches only the pipe, so the client's
     * files keep their content and get the output appended. A warm stage 2 (stdio sent at the
     * release) and a cold one (--network host, which the pool does not serve: spawned with them).
     */
    @Test
    void reopeningProcFdsCannotReachTheClientsFiles(@TempDir Path dir) throws Exception {
        String script = "echo one > /proc/1/fd/1; echo two > /proc/self/fd/1; echo three > /proc/1/fd/2; echo four";
        Stage2Pool pool = daemon.engine().containers().stage2Pool();
        try (Client c = Client.appending(dir)) {
            await(pool::ready, "a warm stage 2"); // (abandoned for a cold one if the host's mount table changed meanwhile)
            assertEquals("exit 0\n", run(c, runArgs("sh", "-c", script).toArray(String[]::new)));
            assertEquals("exit 0\n", run(c, "--rm", "--network", "host", image, "sh", "-c", script));
            assertEquals("earlier out\none\ntwo\nfour\none\ntwo\nfour\n", c.stdout());
            assertEquals("earlier err\nthree\nthree\n", c.stderr());
        }
    }

    @Test
    void interactiveRunReadsTheClientsStdin(@TempDir Path dir) throws Exception {
        try (Client c = Client.start(dir)) {
            c.process().getOutputStream().write("typed in\n".getBytes(StandardCharsets.UTF_8));
            c.process().getOutputStream().close();
            assertEquals("exit 0\n", run(c, "--rm", "-i", "--network", "none", image, "cat"));
            assertEquals("typed in\n", c.stdout());
        }
    }

    @Test
    void aSignalLineReachesTheContainer(@TempDir Path dir) throws Exception {
        try (Client c = Client.start(dir); RunProtocolClient r = request(c, "run", "--rm", "--init", "--network", "none",
                image, "sh", "-c", "echo ready; exec sleep 100")) {
            assertEquals(101, r.status, r.head);
            await(() -> read(c).equals("ready\n"), "the container to start");
            r.send("signal 15");
            assertEquals("exit 143\n", r.rest());
        }
    }

    /**
     * The signal at varied moments: before the daemon claimed a stage 2, during the release, while
     * --init spawns the command, after it printed. Each must end the run with 143; a lost one
     * would let the sleep run its 30 s and end with 0.
     */
    @Test
    @Timeout(300)
    void aSignalIsNeverLostWhateverItsMoment(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 14; i++) {
            long delayMs = i < 12 ? i * 25L : -1; // the last two: once "ready" is printed
            try (Client c = Client.start(dir); RunProtocolClient r = request(c, "run", "--rm", "--init", "--network", "none",
                    image, "sh", "-c", "echo ready; exec sleep 30")) {
                assertEquals(101, r.status, r.head);
                if (delayMs >= 0) Thread.sleep(delayMs);
                else await(() -> read(c).equals("ready\n"), "the container to start");
                r.send("signal 15");
                assertEquals("exit 143\n", r.rest(), "signal sent " + (delayMs >= 0 ? delayMs + " ms after the request" : "after ready"));
            }
        }
        assertEquals(List.of(), new ContainerStore(root).ids());
    }

    @Test
    void aClientThatGoesAwayTakesItsContainerWithIt(@TempDir Path dir) throws Exception {
        ContainerStore store = new ContainerStore(root);
        String id;
        try (Client c = Client.start(dir); RunProtocolClient r = request(c, "run", "--rm", "--name", "left",
                "--network", "none", image, "sh", "-c", "echo ready; exec sleep 100")) {
            assertEquals(101, r.status, r.head);
            await(() -> read(c).equals("ready\n"), "the container to start");
            assertEquals(1, store.ids().size());
            id = store.ids().getFirst();
            assertTrue(new CgroupManagerFactory().open(id).isPresent());
        }
        await(() -> store.ids().isEmpty(), "--rm to remove the record");
        assertTrue(new CgroupManagerFactory().open(id).isEmpty(), "cgroup left behind");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "mount left behind");
    }

    /**
     * A warm stage 2 moves in the /proc, /dev and /sys it mounted while waiting: the container sees
     * the same mounts, with the same options, as one whose stage 2 mounted them after its release
     * (an in-process run), masked and read-only paths included.
     */
    @Test
    void aWarmStage2sPreparedMountsAreThoseOfAColdOne(@TempDir Path dir, @TempDir Path daemonless) throws Exception {
        Stage2Pool pool = daemon.engine().containers().stage2Pool();
        String dump = "cat /proc/self/mountinfo > /out/$0; cat /proc/sys/kernel/hostname > /dev/null"
                + " && echo x 2>/dev/null > /proc/sys/kernel/hostname || echo read-only >> /out/$0";
        try (Client c = Client.start(dir)) {
            await(pool::ready, "a warm stage 2");
            long warm = pool.warmClaims();
            assertEquals("exit 0\n", run(c, "--rm", "--network", "none", "-v", dir + ":/out", image, "sh", "-c", dump, "warm"));
            assertEquals(warm + 1, pool.warmClaims());
        }
        // A store without a daemon: the run stays in this process, its stage 2 spawned for it.
        assertEquals(0, Main.run("--root", daemonless.toString(), "pull", "-q", image));
        assertEquals(0, Main.run("--root", daemonless.toString(), "run", "--rm", "--network", "none", "-v", dir + ":/out",
                image, "sh", "-c", dump, "cold"));
        List<String> warmMounts = mounts(dir.resolve("warm")), coldMounts = mounts(dir.resolve("cold"));
        assertEquals(coldMounts, warmMounts);
        assertTrue(warmMounts.contains("/proc/sys ro,nosuid,nodev,noexec,relatime proc"), String.join("\n", warmMounts));
        assertTrue(warmMounts.contains("/dev/pts rw,nosuid,noexec,relatime devpts"), String.join("\n", warmMounts));
        assertTrue(Files.readString(dir.resolve("warm")).endsWith("read-only\n"));
    }

    /** Each mount a container sees, as "point options fstype", sorted (their order and ids aside). */
    private static List<String> mounts(Path mountinfo) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(mountinfo)) {
            if (line.equals("read-only")) continue;
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            found.add(f[4] + " " + f[5] + " " + f[dash + 1]);
        }
        found.sort(null);
        return found;
    }

    @Test
    void backToBackRunsTakeAWarmStage2AndAMountWhereTheContainerLooksACold(@TempDir Path dir) throws Exception {
        Stage2Pool pool = daemon.engine().containers().stage2Pool();
        try (Client c = Client.start(dir)) {
            for (int i = 0; i < 2; i++) {
                await(pool::ready, "a warm stage 2");
                long warm = pool.warmClaims();
                assertEquals("exit 0\n", run(c, runArgs("echo", "warm").toArray(String[]::new)));
                assertEquals(warm + 1, pool.warmClaims());
            }
            assertEquals("warm\nwarm\n", c.stdout());

            // A mount made after the warm stage 2 was spawned: it must not serve a -v of it.
            await(pool::ready, "a warm stage 2");
            Path mounted = Files.createDirectory(dir.resolve("mounted"));
            LinuxMountSyscalls mounts = new LinuxMountSyscalls();
            mounts.mount("tmpfs", mounted.toString(), "tmpfs", 0, "size=1m");
            try {
                Files.writeString(mounted.resolve("file"), "on the new mount\n");
                long warm = pool.warmClaims(), cold = pool.coldStarts();
                assertEquals("exit 0\n", run(c, "--rm", "--network", "none", "-v", mounted + ":/data", image, "cat", "/data/file"));
                assertEquals(warm, pool.warmClaims());
                assertEquals(cold + 1, pool.coldStarts());
                assertEquals("warm\nwarm\non the new mount\n", c.stdout());
            } finally {
                mounts.umount2(mounted.toString(), 0);
            }

            // A mount elsewhere made after it was spawned (another engine's container root): it still serves.
            await(pool::ready, "a warm stage 2");
            Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
            mounts.mount("tmpfs", elsewhere.toString(), "tmpfs", 0, "size=1m");
            try {
                long warm = pool.warmClaims(), cold = pool.coldStarts();
                assertEquals("exit 0\n", run(c, runArgs("echo", "warm again").toArray(String[]::new)));
                assertEquals(warm + 1, pool.warmClaims());
                assertEquals(cold, pool.coldStarts());
                assertEquals("warm\nwarm\non the new mount\nwarm again\n", c.stdout());
            } finally {
                mounts.umount2(elsewhere.toString(), 0);
            }
        }
    }

    @Test
    void aWarmStage2ContainerOpensOnlyDockersDevices(@TempDir Path dir) throws Exception {
        Stage2Pool pool = daemon.engine().containers().stage2Pool();
        try (Client c = Client.start(dir)) { // replaces a warm stage 2 another test's mount made stale
            assertEquals("exit 0\n", run(c, runArgs("true").toArray(String[]::new)));
        }
        await(pool::ready, "a warm stage 2");
        long warm = pool.warmClaims();
        try (Client c = Client.start(dir)) {
            // The devices cgroup was written at the release, before the warm stage 2 ran anything of ours.
            assertEquals("exit 0\n", run(c, runArgs("sh", "-c", "mknod /tmp/kmsg c 1 11 && echo mknod-ok;"
                    + " echo x > /tmp/kmsg && echo kmsg-written; mknod /tmp/loop0 b 7 0;"
                    + " dd if=/tmp/loop0 of=/dev/null count=1 && echo loop0-opened; echo x > /dev/null && echo null-ok")
                    .toArray(String[]::new)));
            assertEquals(warm + 1, pool.warmClaims());
            assertEquals("mknod-ok\nnull-ok\n", c.stdout());
            assertEquals("sh: can't create /tmp/kmsg: Operation not permitted\n"
                    + "dd: can't open '/tmp/loop0': Operation not permitted\n", c.stderr());
        }
    }

    @Test
    void aDetachedRunAlsoTakesTheWarmStage2(@TempDir Path dir) throws Exception {
        Stage2Pool pool = daemon.engine().containers().stage2Pool();
        try (Client c = Client.start(dir)) { // replaces a warm stage 2 another test's mount made stale
            assertEquals("exit 0\n", run(c, runArgs("true").toArray(String[]::new)));
        }
        await(pool::ready, "a warm stage 2");
        long warm = pool.warmClaims();
        assertEquals(0, Main.run("--root", root.toString(), "run", "-d", "--name", "detached", "--network", "none",
                image, "echo", "from the background"));
        assertEquals(warm + 1, pool.warmClaims());
        ContainerStore store = new ContainerStore(root);
        String id = store.resolve("detached");
        await(() -> store.state(id).map(st -> st.status().equals("exited")).orElse(false), "the container to end");
        Path log = dev.minidocker.runtime.container.LogEntry.fileOf(store.containerDir(id));
        await(() -> read(log).contains("from the background"), "the output in the log");
        assertEquals(0, Main.run("--root", root.toString(), "rm", "detached"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theTcpListenerRefusesRuns(@TempDir Path other) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (Daemon d = Daemon.start(new DaemonOptions(other, DaemonAddress.unix(other.resolve("md.sock")),
                DaemonAddress.parse("127.0.0.1:" + port), null));
             java.net.Socket tcp = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            String body = "{\"pid\":" + ProcessHandle.current().pid()
                    + ",\"cwd\":\"/\",\"env\":[],\"request\":{\"image\":\"busybox\",\"command\":[\"true\"]}}";
            tcp.getOutputStream().write(("POST /minidocker/runs HTTP/1.1\r\nHost: minidocker\r\nConnection: Upgrade\r\n"
                    + "Upgrade: minidocker-run\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String response = new String(tcp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 403 "), response);
            assertTrue(response.contains("UNIX socket only"), response);
        }
    }

    private static String read(Client c) {
        try {
            return c.stdout();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
