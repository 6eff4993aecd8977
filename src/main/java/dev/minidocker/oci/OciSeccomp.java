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
import java.util.Set;

/**
 * config.json's linux.seccomp. Its fields (defaultAction, defaultErrnoRet, architectures, syscalls
 * with names, action, errnoRet and args) are Docker's profile format without the conditional
 * entries, so the section goes as JSON to the compiler mini-docker's runs use
 * (runtime/seccomp: the same checks, libseccomp, unknown syscall names skipped as runc skips
 * them) and the compiled filter is kept on disk per profile, like `run`'s. The filter is stage 2's
 * (installed before execve) and, kept in the state directory, every `exec`'s, as runc does.
 */
final class OciSeccomp {
    /** The compiled filters' cache below the runtime's root: '@' is never in a container id. */
    private static final String CACHE = "@seccomp";
    /** The container's filter in its state directory, for exec. */
    private static final String FILTER = "seccomp.bpf";
    /**
     * Flags of seccomp(2) runc knows. TSYNC changes nothing here: stage 2 installs the filter on the
     * thread that calls execve, which ends every other thread.
     */
    private static final Set<String> HARMLESS_FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC");
    private static final Set<String> KNOWN_FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    private OciSeccomp() {}

    /**
     * The section as a profile's JSON for the compiler (flags checked and dropped); null when
     * there is none. Not compiled here: BundleReader also serves `start` and `delete`.
     */
    static byte[] profileOf(Object section) {
        Map<String, Object> s = JsonFields.obj(section, "linux.seccomp");
        if (s == null) return null;
        Map<String, Object> profile = new LinkedHashMap<>(s);
        for (String flag : JsonFields.strings(profile.remove("flags"), "linux.seccomp.flags")) {
            if (!KNOWN_FLAGS.contains(flag)) throw new InvalidArgumentException("config.json: linux.seccomp: unknown flag " + flag);
            if (!HARMLESS_FLAGS.contains(flag)) {
                throw new InvalidArgumentException("config.json: linux.seccomp: flag " + flag + " is not supported");
            }
        }
        for (String key : List.of("listenerPath", "listenerMetadata")) {
            Object v = profile.get(key);
            if (v != null && !"".equals(v)) {
                throw new InvalidArgumentException("config.json: linux.seccomp." + key + " (a notify agent) is not supported");
            }
        }
        return new JsonWriter().any(profile).toBytes();
    }

    /**
     * The compiled filter for a container with {@code capabilities} (its bounding set), also kept
     * in its state directory; null for a profile that asks for no filter (no defaultAction, no syscalls).
     */
    static SeccompProgram compile(Path root, Path stateDir, byte[] profile, List<String> capabilities) {
        // A bad profile is a SeccompProfileException: one line, "seccomp profile config.json linux.seccomp: ..."
        SeccompProgram program = SeccompFilters.cachedIn(root.resolve(CACHE))
                .compile(profile, "config.json linux.seccomp", SeccompTarget.forThisMachine(capabilities)).orElse(null);
        if (program == null) return null;
        try {
            Files.write(stateDir.resolve(FILTER), program.bpf());
        } catch (IOException e) {
            throw new MiniDockerException("cannot record the seccomp filter in " + stateDir + ": " + e.getMessage(), e);
        }
        return program;
    }

    /** The container's filter for an exec; null if it has none. */
    static SeccompProgram ofContainer(Path stateDir) {
        try {
            return new SeccompProgram(Files.readAllBytes(stateDir.resolve(FILTER)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            throw new MiniDockerException("cannot read the container's seccomp filter: " + e.getMessage(), e);
        }
    }
}
