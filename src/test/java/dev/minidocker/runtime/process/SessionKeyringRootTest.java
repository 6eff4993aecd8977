package dev.minidocker.runtime.process;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TestKeys;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 5: a container (and an exec) gets a session keyring of its own, as runc gives it,
 * instead of the caller's. The caller here is a thread that joined a new session keyring and put
 * a key in it that only its possessors may see; the container reads the host's /proc/keys (bound
 * in: its own /proc/keys is masked), which lists a key only to a reader allowed to view it.
 */
@RootOnly
class SessionKeyringRootTest {
    private final String secret = "minidocker-test-secret-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Path work;
    private Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-keyring");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.deleteWork(work);
    }

    ContainerSpec spec(String... args) {
        return new ContainerSpec("k".repeat(64), "keyring", List.of(args), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false,
                List.of(new ContainerSpec.Mount("bind", "/proc/keys", "/hostkeys", List.of("ro"))), "none",
                false, false, null, null);
    }

    /**
     * Runs {@code body} on a new thread (keyrings belong to a thread's credentials, which threads
     * and processes it starts inherit) that holds the secret in a new session keyring of its own.
     */
    <T> T withSecretKey(Callable<T> body) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().name("keyring-test").start(() -> {
            try {
                TestKeys.joinNewSessionKeyring();
                TestKeys.addPossessorOnlyKey(secret, "hunter2");
                assertTrue(Files.readString(Path.of("/proc/keys")).contains(secret),
                        "the control: the key's possessor sees it in /proc/keys");
                result[0] = body.call();
            } catch (Exception | AssertionError e) {
                failure[0] = e instanceof Exception ex ? ex : new Exception(e);
            }
        });
        t.join();
        if (failure[0] != null) throw failure[0];
        @SuppressWarnings("unchecked") T value = (T) result[0];
        return value;
    }

    void assertKeyNotListed(PipedProcess.Ended ended) {
        assertEquals(0, ended.code(), ended.out());
        assertTrue(ended.out().contains("_ses"), "the container reads /proc/keys: " + ended.out());
        assertFalse(ended.out().contains(secret), "the container possesses the caller's key: " + ended.out());
    }

    @Test
    void runAndInitGetASessionKeyringOfTheirOwn() throws Exception {
        withSecretKey(() -> {
            Stage2Launcher launcher = new Stage2Launcher();
            assertKeyNotListed(PipedProcess.start(stdio ->
                    launcher.start(spec("cat", "/hostkeys"), pid -> { }, stdio)).end());
            assertKeyNotListed(PipedProcess.start(stdio ->
                    launcher.start(spec("cat", "/hostkeys").withInit(true), pid -> { }, stdio)).end());
            return null;
        });
    }

    @Test
    void execGetsASessionKeyringOfItsOwn() throws Exception {
        withSecretKey(() -> {
            var container = PipedProcess.start(stdio ->
                    new Stage2Launcher().start(spec("sleep", "1000"), pid -> { }, stdio));
            try {
                assertKeyNotListed(PipedProcess.start(stdio -> new ExecLauncher().start(container.pid(),
                        PipedProcess.execSpec(List.of("PATH=/bin"), "cat", "/hostkeys"), false, stdio)).end());
            } finally {
                ProcessSyscalls.kill(container.pid(), 9);
                container.end();
            }
            return null;
        });
    }

    @Test
    void pooledStage2GetsASessionKeyringOfItsOwn() throws Exception {
        withSecretKey(() -> {
            Stage2Launcher launcher = new Stage2Launcher();
            ContainerSpec spec = spec("cat", "/hostkeys");
            try (Stage2Pool pool = new Stage2Pool(launcher)) { // its spawning thread inherits this thread's keyring
                WaitingStage2 warm = WarmStage2.claim(pool, spec, () -> { });
                assertKeyNotListed(PipedProcess.start(stdio ->
                        warm.release(spec, pid -> CgroupPlacement.NONE, stdio)).end());
            }
            return null;
        });
    }
}
