package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.JsonWriter;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.runtime.seccomp.SeccompFilters;
import dev.minidocker.runtime.seccomp.SeccompTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.json's linux.seccomp. Its fields (defaultAction, defaultErrnoRet, architectures, syscalls
 * with names, action, errnoRet and args) are Docker's profile format without the conditional
 * entries, so the section goes as JSON to the compiler mini-docker's runs use
 * (runtime/seccomp: the same checks, libseccomp, unknown syscall names skipped as runc skips
 * them) and the compiled filter is kept on disk per profile, like `run`'s. Its flags travel with
 * the program (SeccompProgram.flags: stage 2 then installs it with seccomp(2)). The filter is stage
 * 2's (installed before execve) and, kept in the state directory, every `exec`'s, as runc does.
 */
final class OciSeccomp {
    /** The compiled filters' cache below the runtime's root: '@' is never in a container id. */
    private static final String CACHE = "@seccomp";
    /** The container's filter in its state directory, for exec: one byte of flags, then the program. */
    private static final String FILTER = "seccomp.bpf";
    /**
     * seccomp(2) flags runc knows, and what stage 2 installs the filter with. TSYNC changes nothing
     * here (0): stage 2 installs the filter on the thread that calls execve, which ends every other
     * thread. WAIT_KILLABLE_RECV is for a notify listener, which is refused.
     */
    private static final Map<String, Integer> FLAGS = Map.of("SECCOMP_FILTER_FLAG_TSYNC", 0,
            "SECCOMP_FILTER_FLAG_LOG", SeccompProgram.FLAG_LOG, "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SeccompProgram.FLAG_SPEC_ALLOW);
    private static final String KILLABLE_RECV = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV";

    /** The section as the compiler's profile JSON (flags dropped) and the flags to install it with. */
    record Section(byte[] profile, int flags) {}

    private OciSeccomp() {}

    /**
     * The section for the compiler (flags checked and taken out); null when there is none. Not
     * compiled here: BundleReader also serves `start` and `delete`.
     */
    static Section of(Object section) {
        Map<String, Object> s = JsonFields.obj(section, "linux.seccomp");
        if (s == null) return null;
        Map<String, Object> profile = new LinkedHashMap<>(s);
        int flags = 0;
        for (String flag : JsonFields.strings(profile.remove("flags"), "linux.seccomp.flags")) {
            if (flag.equals(KILLABLE_RECV)) {
                throw new InvalidArgumentException("config.json: linux.seccomp: flag " + flag + " (for a notify listener) is not supported");
            }
            Integer bits = FLAGS.get(flag);
            if (bits == null) throw new InvalidArgumentException("config.json: linux.seccomp: unknown flag " + flag);
            flags |= bits;
        }
        for (String key : List.of("listenerPath", "listenerMetadata")) {
            Object v = profile.get(key);
            if (v != null && !"".equals(v)) {
                throw new InvalidArgumentException("config.json: linux.seccomp." + key + " (a notify agent) is not supported");
            }
        }
        return new Section(new JsonWriter().any(profile).toBytes(), flags);
    }

    /**
     * The compiled filter for a container with {@code capabilities} (its bounding set), also kept
     * in its state directory; null for a profile that asks for no filter (no defaultAction, no syscalls).
     */
    static SeccompProgram compile(Path root, Path stateDir, Section section, List<String> capabilities) {
        // A bad profile is a SeccompProfileException: one line, "seccomp profile config.json linux.seccomp: ..."
        SeccompProgram program = SeccompFilters.cachedIn(root.resolve(CACHE))
                .compile(section.profile(), "config.json linux.seccomp", SeccompTarget.forThisMachine(capabilities)).orElse(null);
        if (program == null) return null;
        program = program.withFlags(section.flags());
        try {
            // the flags first, as one byte, then the program (its length is a multiple of 8)
            byte[] bpf = program.bpf(), file = new byte[1 + bpf.length];
            file[0] = (byte) program.flags();
            System.arraycopy(bpf, 0, file, 1, bpf.length);
            Files.write(stateDir.resolve(FILTER), file);
        } catch (IOException e) {
            throw new MiniDockerException("cannot record the seccomp filter in " + stateDir + ": " + e.getMessage(), e);
        }
        return program;
    }

    /** The container's filter for an exec; null if it has none. */
    static SeccompProgram ofContainer(Path stateDir) {
        try {
            byte[] file = Files.readAllBytes(stateDir.resolve(FILTER));
            if (file.length < 1) throw new IOException("empty");
            return new SeccompProgram(java.util.Arrays.copyOfRange(file, 1, file.length), file[0]);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            throw new MiniDockerException("cannot read the container's seccomp filter: " + e.getMessage(), e);
        }
    }
}
