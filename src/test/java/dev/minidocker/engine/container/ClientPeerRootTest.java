package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon takes a client's stdio only from a process the connected user may hand over (issue
 * 12): a client of the socket running as nobody that names a root process (this JVM) is refused
 * and no descriptor is taken; naming its own process is fine; root may name any.
 */
@RootOnly
class ClientPeerRootTest {
    private Process nobodys;
    private UserPrincipal nobody;

    @BeforeEach
    void startAProcessOfNobody() throws IOException {
        nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        nobodys = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "60").start();
    }

    @AfterEach
    void stopIt() throws InterruptedException {
        nobodys.destroyForcibly();
        nobodys.waitFor(10, TimeUnit.SECONDS);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aClientNamingAProcessNotItsOwnIsRefusedAndNothingIsTaken() throws Exception {
        long me = ProcessHandle.current().pid();
        long before = openDescriptors();
        ClientPeer.NotTheCallersException e = assertThrows(ClientPeer.NotTheCallersException.class,
                () -> ClientRun.takeStdio(me, nobody));
        assertTrue(e.getMessage().contains("pid " + me + " is not the caller's process"), e.getMessage());
        assertEquals(before, openDescriptors(), "no descriptor taken or leaked");
        assertThrows(ClientPeer.NotTheCallersException.class, () -> ClientRun.takeStdio(me, null), "an unknown caller");
    }

    @Test
    void aClientMayNameItsOwnProcessAndRootAnyProcess() throws Exception {
        assertTrue(waitUntilNobodys(nobodys.pid()), "the process runs as nobody");
        assertDoesNotThrow(() -> ClientPeer.check(nobodys.pid(), nobody));
        UserPrincipal root = Files.getOwner(Path.of("/proc/self"));
        assertDoesNotThrow(() -> ClientPeer.check(nobodys.pid(), root));
        int[] fds = ClientRun.takeStdio(nobodys.pid(), nobody);
        for (int fd : fds) dev.minidocker.linux.ProcessSyscalls.close(fd);
        assertEquals(3, fds.length);
    }

    /** setpriv changes its uid before it execs sleep; wait for that. */
    private static boolean waitUntilNobodys(long pid) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.readString(Path.of("/proc/" + pid + "/status")).contains("Uid:\t65534\t65534\t65534\t65534")
                    && Files.readString(Path.of("/proc/" + pid + "/comm")).trim().equals("sleep")) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
