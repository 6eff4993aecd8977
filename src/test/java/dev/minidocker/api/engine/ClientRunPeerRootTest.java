package dev.minidocker.api.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12's acceptance over the real socket: a client of the daemon (a process running as nobody,
 * let in through the socket's group) that names a pid not its own, this root JVM's, gets 403 and
 * the daemon takes no descriptor of it.
 */
@RootOnly
@Timeout(120)
class ClientRunPeerRootTest {
    private Path dir;
    private Daemon daemon;

    @BeforeEach
    void start() throws IOException {
        Tools.require("setpriv", "util-linux");
        Tools.require("python3", "python3"); // /usr/bin/python3 itself: a PATH shim may be unreadable to nobody
        dir = Files.createTempDirectory("md-peer");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // nobody may pass through
        Path root = dir.resolve("store");
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "nogroup"));
    }

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) daemon.close();
        Tools.run("rm", "-rf", dir.toString());
    }

    /**
     * How many of this JVM's descriptors are its stdin, stdout or stderr (by what they open): what
     * pidfd_getfd would copy into the daemon, which runs in this JVM. Counting only those keeps the
     * daemon's and the client process's own pipes and sockets out of it.
     */
    private static long stdioCopies() throws IOException {
        List<String> stdio = new java.util.ArrayList<>();
        for (int fd = 0; fd < 3; fd++) stdio.add(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return stdio.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException gone) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    @Test
    void aClientNamingAPidNotItsOwnGets403AndNoDescriptorIsTaken() throws Exception {
        long me = ProcessHandle.current().pid();
        Path request = dir.resolve("request");
        Files.write(request, RunProtocolClient.request("run", me, Path.of("/"), List.of("--rm", "busybox", "true"), List.of()));
        Files.setPosixFilePermissions(request, PosixFilePermissions.fromString("rw-r--r--"));
        String send = "import socket, sys\n"
                + "s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(open(sys.argv[2], 'rb').read())\n"
                + "print(s.makefile('rb').readline().decode().strip())\n";
        var pool = daemon.engine().containers().stage2Pool();
        for (int i = 0; i < 600 && !pool.ready(); i++) Thread.sleep(50); // its warm stage 2 opened what it opens
        long before = stdioCopies();
        Process client = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", send,
                dir.resolve("store/md.sock").toString(), request.toString())
                .redirectErrorStream(true).start();
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client hung");
        String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
        assertEquals(before, stdioCopies(), "no copy of this JVM's stdio was taken");
    }
}
