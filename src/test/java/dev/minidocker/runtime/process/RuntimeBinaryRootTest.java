package dev.minidocker.runtime.process;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.testing.Tools;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 1 (the CVE-2019-5736 class): a container must not be able to rewrite the JVM
 * stage 2 runs from (its java, java.home, the class path), whether it reaches it through a
 * `#!/proc/self/exe` command that re-executes that java inside the container, or through
 * /proc/PID/exe and /proc/PID/fd of an --init stage 2. Stage 2 runs from a copy of the JDK here,
 * so that a failing test damages only the copy.
 *
 * <p>The command {@code /x.sh} is {@code #!/proc/self/exe}: the JVM that execve's it (stage 2 or
 * exec's stage 2) re-executes its own java inside the container. With {@code LD_PRELOAD=/fifo} that
 * java's dynamic loader (copied into the root) blocks on opening the FIFO, which holds it while the
 * container's other process finds it in /proc.
 */
@RootOnly
class RuntimeBinaryRootTest {
    private static final int O_NONBLOCK = 04000; // x86_64 and aarch64 alike
    private static JdkCopy jdk;
    private static Stage2Command stage2;
    private static String javaDigest;
    private Path work;
    private Path rootfs;

    @BeforeAll
    static void copyTheJdk() throws Exception {
        jdk = JdkCopy.create();
        stage2 = jdk.stage2();
        javaDigest = JdkCopy.sha256(jdk.java);
    }

    @AfterAll
    static void removeTheCopy() {
        if (jdk != null) jdk.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-binary");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("tmp"));
        String loader = JdkCopy.interpreter(jdk.java);
        Path inRoot = rootfs.resolve(loader.substring(1));
        Files.createDirectories(inRoot.getParent());
        Files.copy(Path.of(loader).toRealPath(), inRoot);
        Tools.run("mkfifo", rootfs.resolve("fifo").toString());
        Path script = rootfs.resolve("x.sh");
        Files.writeString(script, "#!/proc/self/exe\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() throws Exception {
        BusyboxRootfs.deleteWork(work);
        assertEquals(javaDigest, JdkCopy.sha256(jdk.java), "the java that ran stage 2 was rewritten");
        assertEquals(List.of(jdk.dir.toString()), jdk.hostMountsBeneath(), "a mount reached the host's namespace");
    }

    ContainerSpec spec(List<String> env, String... args) {
        return new ContainerSpec("b".repeat(64), "binary", List.of(args), env, "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, null, null);
    }

    /**
     * The whole attack, as on runc: the container's PID 1 waits for a java in its PID namespace
     * (exec's `#!/proc/self/exe` re-executes exec's stage 2 java), keeps a descriptor to it, lets
     * it end (junk through the FIFO: its loader fails), then reopens the descriptor for writing
     * once no process runs that file any more ("Text file busy" until then).
     */
    @Test
    void execOfProcSelfExeCannotRewriteTheJvm() throws Exception {
        String watcher = """
                n=0
                while :; do
                  for p in /proc/[0-9]*; do
                    case "$(readlink $p/exe 2>/dev/null)" in *bin/java) break 2 ;; esac
                  done
                  n=$((n + 1)); if [ $n -gt 2000 ]; then echo "no java came"; exit 1; fi
                  sleep 0.01
                done
                exec 3< $p/exe && echo "holding the java of $p"
                echo junk > /fifo
                i=0
                while [ $i -lt 200 ]; do
                  if { printf REWRITTEN >> /proc/$$/fd/3; } 2>/tmp/err; then echo REWRITTEN; exit 0; fi
                  grep -q busy /tmp/err || break
                  i=$((i + 1)); sleep 0.05
                done
                cat /tmp/err
                """;
        PipedProcess container = PipedProcess.start(stdio -> new Stage2Launcher(stage2).start(
                spec(List.of("PATH=/bin"), "sh", "-c", watcher), pid -> { }, stdio));
        PipedProcess.Ended exec = PipedProcess.start(stdio -> new ExecLauncher(stage2).start(container.pid(),
                PipedProcess.execSpec(List.of("PATH=/bin", "LD_PRELOAD=/fifo"), "/x.sh"), false, stdio)).end();
        PipedProcess.Ended attack = container.end();
        assertTrue(attack.out().contains("holding the java of"), attack.out());
        assertFalse(attack.out().contains("REWRITTEN"), attack.out());
        assertTrue(attack.out().contains("Read-only file system"), attack.out());
        assertEquals(0, attack.code(), attack.out());
        assertTrue(exec.out().contains("libjli.so"), "the re-executed java ended in its loader: " + exec.out());
    }

    /**
     * A container whose PID 1 is stage 2's java, re-executed by `#!/proc/self/exe` and held in its
     * loader: its exe, reached by another process of the container, is on a read-only mount.
     */
    void assertPid1JavaIsReadOnly(PipedProcess container) throws InterruptedException {
        // (printf: a redirection error of a special builtin such as `:` would end the shell)
        String attack = "readlink /proc/1/exe; { printf x > /proc/1/exe; } 2>&1; { printf x >> /proc/1/exe; } 2>&1;"
                + " echo junk > /fifo";
        PipedProcess.Ended attacker;
        try {
            attacker = PipedProcess.start(stdio -> new ExecLauncher(stage2).start(container.pid(),
                    PipedProcess.execSpec(List.of("PATH=/bin"), "sh", "-c", attack), false, stdio)).end();
        } finally {
            feedTheFifo(container.pid()); // had the attack not come so far
        }
        PipedProcess.Ended pid1 = container.end();
        List<String> lines = attacker.out().lines().toList();
        assertEquals(3, lines.size(), attacker.out());
        assertTrue(lines.getFirst().endsWith("bin/java"), "PID 1 is the re-executed java: " + attacker.out());
        assertEquals("sh: can't create /proc/1/exe: Read-only file system", lines.get(1));
        assertTrue(lines.get(2).startsWith("sh: can't create /proc/1/exe: "), attacker.out()); // EROFS or ETXTBSY
        assertEquals(127, pid1.code(), "the re-executed java ended in its loader: " + pid1.out());
    }

    /**
     * Feeds the FIFO to whoever waits on it in the container (a loader, a `read`), unless PID 1 has
     * ended; kills PID 1 if nobody came within 20 s, so that the test cannot hang.
     */
    void feedTheFifo(int pid1) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                int fd = ProcessSyscalls.open(rootfs.resolve("fifo").toString(),
                        dev.minidocker.linux.FileFlags.O_WRONLY | O_NONBLOCK | ProcessSyscalls.O_CLOEXEC);
                ProcessSyscalls.writeFully(fd, new byte[] {'x', '\n'}, 0, 2);
                ProcessSyscalls.close(fd);
                return;
            } catch (dev.minidocker.linux.SyscallException noReaderYet) {
                if (!alive(pid1)) return;
                Thread.sleep(20);
            }
        }
        ProcessSyscalls.kill(pid1, 9);
    }

    static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void runOfProcSelfExeGetsAReadOnlyJvm() throws Exception {
        assertPid1JavaIsReadOnly(PipedProcess.start(stdio -> new Stage2Launcher(stage2).start(
                spec(List.of("PATH=/bin", "LD_PRELOAD=/fifo"), "/x.sh"), pid -> { }, stdio)));
    }

    /** The daemon's waiting stage 2s come from the same spawn: read-only too, and nothing reaches the host. */
    @Test
    void pooledStage2GetsAReadOnlyJvm() throws Exception {
        Stage2Launcher launcher = new Stage2Launcher(stage2);
        ContainerSpec spec = spec(List.of("PATH=/bin", "LD_PRELOAD=/fifo"), "/x.sh");
        try (Stage2Pool pool = new Stage2Pool(launcher)) {
            WaitingStage2 claimed = WarmStage2.claim(pool, spec, () -> assertEquals(
                    List.of(jdk.dir.toString()), jdk.hostMountsBeneath(), "a mount reached the host's namespace"));
            assertPid1JavaIsReadOnly(PipedProcess.start(stdio -> claimed.release(spec, pid -> CgroupPlacement.NONE, stdio)));
            assertEquals(1, pool.warmClaims());
        }
    }

    /** A fresh daemon's pool spawns two (runs are likely to come); otherwise it keeps one. */
    @Test
    void aPoolThatExpectsRunsSpawnsTwo() {
        Stage2Launcher launcher = new Stage2Launcher(stage2);
        try (Stage2Pool idle = new Stage2Pool(launcher)) {
            idle.refill();
            assertEquals(Stage2Pool.IDLE_SIZE, idle.size());
        }
        try (Stage2Pool fresh = new Stage2Pool(launcher)) {
            fresh.expectRuns();
            fresh.refill();
            assertEquals(Stage2Pool.CAPACITY, fresh.size());
        }
    }

    /**
     * With --init, stage 2 stays the container's PID 1, a JVM holding the JDK's files open; its
     * main thread has the container's capabilities. Neither /proc/1 nor /proc/1/task/N lets the
     * container open them for writing, and even root on the host, through the same links, meets a
     * read-only mount.
     */
    @Test
    void initJvmFilesCannotBeOpenedForWriting() throws Exception {
        String attack = """
                for f in /proc/1/exe /proc/1/fd/* /proc/1/task/*/exe /proc/1/task/*/fd/*; do
                  if { printf "" >> $f; } 2>/dev/null; then echo "OPENED $f"; fi
                done
                echo checked
                read x < /fifo
                """;
        PipedProcess container = PipedProcess.start(stdio -> new Stage2Launcher(stage2).start(
                spec(List.of("PATH=/bin"), "sh", "-c", attack).withInit(true), pid -> { }, stdio));
        PipedProcess.Ended ended;
        try {
            Path proc = Path.of("/proc/" + container.pid());
            assertTrue(Files.readSymbolicLink(proc.resolve("exe")).toString().endsWith("bin/java"));
            assertEquals(List.of(jdk.dir.toString()), jdk.hostMountsBeneath(), "a mount reached the host's namespace");
            List<String> refused = new ArrayList<>();
            try (var fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : fds) {
                    if (!Files.readSymbolicLink(fd).toString().endsWith("/modules")) continue;
                    refused.add(openForWriting(fd, true));
                }
            }
            refused.add(openForWriting(proc.resolve("exe"), false));
            assertEquals(List.of("Read-only file system", "Read-only file system"), refused, "lib/modules, then bin/java");
        } finally {
            feedTheFifo(container.pid());
            ended = container.end();
        }
        assertEquals("checked\n", ended.out(), "the container opened the JVM's files for writing");
        assertEquals(0, ended.code());
    }

    /** Opens for writing (appending: nothing is written; else truncating) and returns the failure's reason. */
    static String openForWriting(Path path, boolean append) {
        try (FileOutputStream out = new FileOutputStream(path.toFile(), append)) {
            return "opened";
        } catch (IOException e) {
            String m = e.getMessage();
            return m.substring(m.lastIndexOf('(') + 1, m.length() - 1);
        }
    }
}
