package dev.minidocker.runtime.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigInteger;
import java.util.List;

/**
 * A seccomp profile in Docker's JSON format (moby's profiles/seccomp: the OCI LinuxSeccomp fields
 * plus archMap and the capability-, architecture- and kernel-conditional entries). The wire shape
 * as Docker reads it: unknown fields are ignored, as Go's decoder does; {@link SeccompProfileReader}
 * checks the values.
 *
 * @param defaultAction   what a call no rule matches gets, e.g. SCMP_ACT_ERRNO
 * @param defaultErrnoRet the errno of an SCMP_ACT_ERRNO default (EPERM when absent)
 * @param architectures   SCMP_ARCH_* names the filter covers besides the native one
 * @param archMap         per native architecture, the sub-architectures to add (Docker's form)
 * @param syscalls        the rules, applied in order
 * @param flags           seccomp(2) flags such as SECCOMP_FILTER_FLAG_LOG (refused: not supported)
 * @param listenerPath    a seccomp notify agent's socket (refused: not supported)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                             List<ArchMap> archMap, List<Syscall> syscalls, List<String> flags, String listenerPath) {

    /** The sub-architectures a filter for {@code architecture} (an SCMP_ARCH_* name) also covers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArchMap(String architecture, List<String> subArchitectures) {}

    /**
     * One rule: the named calls get {@code action} when every argument comparison holds.
     *
     * @param name     one call (older profiles); exclusive with {@code names}
     * @param errnoRet the errno of SCMP_ACT_ERRNO (or SCMP_ACT_TRACE's message); EPERM when absent
     * @param includes the rule applies only if all of these hold
     * @param excludes the rule is dropped if any of these holds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(String name, List<String> names, String action, Integer errnoRet, List<Arg> args,
                          String comment, Filter includes, Filter excludes) {}

    /**
     * An argument comparison. Values are uint64 in the JSON; {@link #datum}/{@link #datumTwo} give
     * them as the 64 bits libseccomp compares.
     *
     * @param op SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT or _MASKED_EQ (value is the mask, valueTwo the result)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {
        public long datum() {
            return value == null ? 0 : value.longValue();
        }

        public long datumTwo() {
            return valueTwo == null ? 0 : valueTwo.longValue();
        }
    }

    /**
     * A condition on the container: capabilities in its bounding set, the native architecture
     * (Docker's names: amd64, arm64, x86, ...), the kernel version ("4.8": at least that).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(List<String> caps, List<String> arches, String minKernel) {}
}
