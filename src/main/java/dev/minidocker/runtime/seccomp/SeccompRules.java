package dev.minidocker.runtime.seccomp;

import java.util.List;

/**
 * A profile resolved for one container (Docker's setupSeccomp): the entries whose conditions hold,
 * one rule per syscall name, and the architectures to cover. What libseccomp is then asked to build.
 *
 * @param architectures SCMP_ARCH_* names (the native one may be among them)
 */
public record SeccompRules(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<Rule> rules) {
    /** One syscall's rule; args are ANDed. */
    public record Rule(String syscall, String action, Integer errnoRet, List<SeccompProfile.Arg> args) {}
}
