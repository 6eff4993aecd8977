package dev.minidocker.linux.seccomp;

import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static syscall probe (src/test/resources/seccomp/probe.c), built once per test JVM with
 * {@code gcc -static} (Debian: gcc and libc6-dev), and the parsing of its output.
 */
public final class SyscallProbe {
    /** The calls it makes, in order. */
    public static final List<String> CALLS = List.of("bpf", "perf_event_open", "kexec_load", "open_by_handle_at",
            "userfaultfd", "add_key", "keyctl", "io_uring_setup", "unshare", "mkdirat", "personality");
    private static final Map<String, Path> BUILT = new java.util.HashMap<>();

    private SyscallProbe() {}

    /** The probe binary (static: it runs in any root filesystem). */
    public static Path binary() throws IOException {
        return build("probe");
    }

    /**
     * The keyring and io_uring probe (src/test/resources/seccomp/keys.c): add_key into @u with the
     * description its first argument names, keyctl, io_uring_setup; one "name result" line each.
     */
    public static Path keys() throws IOException {
        return build("keys");
    }

    private static synchronized Path build(String name) throws IOException {
        Path built = BUILT.get(name);
        if (built != null) return built;
        Tools.require("gcc", "gcc");
        Path dir = Files.createTempDirectory("md-seccomp-" + name);
        dir.toFile().deleteOnExit();
        Path source = dir.resolve(name + ".c");
        try (InputStream in = SyscallProbe.class.getResourceAsStream("/seccomp/" + name + ".c")) {
            Files.copy(in, source);
        }
        Path out = dir.resolve(name);
        try {
            Tools.run("gcc", "-static", "-O2", "-o", out.toString(), source.toString());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot build the syscall probe (Debian packages gcc and libc6-dev): " + e.getMessage(), e);
        }
        source.toFile().deleteOnExit();
        out.toFile().deleteOnExit();
        BUILT.put(name, out);
        return out;
    }

    /** "bpf EPERM\n..." -> {bpf=EPERM, ...}, the filter state lines included (seccomp_mode, no_new_privs). */
    public static Map<String, String> parse(String output) {
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : output.strip().split("\n")) {
            String[] f = line.strip().split(" ", 2);
            if (f.length == 2) results.put(f[0], f[1]);
        }
        if (!results.keySet().containsAll(CALLS)) throw new IllegalStateException("not the probe's output: " + output);
        return results;
    }

    /** Only the syscall results. */
    public static Map<String, String> calls(Map<String, String> results) {
        Map<String, String> calls = new LinkedHashMap<>(results);
        calls.keySet().retainAll(CALLS);
        return calls;
    }
}
