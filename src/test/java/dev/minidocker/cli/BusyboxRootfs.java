package dev.minidocker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A minimal root directory: Debian's static busybox and links for the applets the tests use. */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "cat", "ls", "true", "false", "test", "tail",
            "sleep", "seq", "head", "touch", "hostname", "pwd", "id", "env", "mkdir", "ip", "nc", "ping", "grep",
            "httpd", "wget", "timeout");

    private BusyboxRootfs() {}

    static Path create(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) Files.createDirectories(dir.resolve(d));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }
}
