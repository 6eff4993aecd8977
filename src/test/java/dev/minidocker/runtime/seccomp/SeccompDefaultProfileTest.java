package dev.minidocker.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.runtime.spec.DefaultCapabilities;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Our default profile (our own file, seccomp/default.json) has the effect of Docker's default.
 * The expectation is computed at test time from the host's containers-common profile
 * (/usr/share/containers/seccomp.json, installed with podman: Docker's format and Docker's
 * profile but for the differences listed here), never from a committed copy: for Docker's
 * default capabilities and for all of them, on each architecture, every syscall outside the lists
 * gets exactly the same rules from both files.
 */
class SeccompDefaultProfileTest {
    private static final Path CONTAINERS_COMMON = Path.of("/usr/share/containers/seccomp.json");
    /** Allowed by Docker's profile (newer than containers-common 0.50's, or wider for ppc64le), not by containers-common's. */
    private static final Set<String> DOCKER_ALLOWS_MORE = Set.of("cachestat", "fchmodat2", "futex_requeue", "futex_wait",
            "futex_waitv", "futex_wake", "getxattrat", "io_pgetevents", "io_pgetevents_time64", "listmount", "listxattrat",
            "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "map_shadow_stack", "mseal", "quotactl_fd",
            "removexattrat", "riscv_flush_icache", "riscv_hwprobe", "set_mempolicy_home_node", "setxattrat", "statmount", "swapcontext",
            "uretprobe", "vmsplice");
    /** Allowed by containers-common (podman runs nested containers, old ABIs), refused or narrower in Docker's. */
    private static final Set<String> PODMAN_ALLOWS_MORE = Set.of("clone3", "fsconfig", "fsmount", "fsopen", "fspick",
            "get_mempolicy", "keyctl", "mbind", "mount", "mount_setattr", "move_mount", "open_tree", "pidfd_getfd",
            "pivot_root", "query_module", "readdir", "reboot", "set_mempolicy", "setns", "sigaction", "signal",
            "sigpending", "sigsuspend", "syscall", "syslog", "timerfd", "umount", "umount2", "unshare");
    /** Conditioned differently: Docker's clone by namespace flags and socket without AF_VSOCK; containers-common's by audit. */
    private static final Set<String> CONDITIONED_DIFFERENTLY = Set.of("clone", "socket");
    private static final List<String> ARCHES = List.of("amd64", "arm64", "s390x", "ppc64le", "x86", "arm", "riscv64");

    static SeccompTarget target(String arch, Collection<String> caps) {
        return new SeccompTarget(Set.copyOf(caps), arch, "SCMP_ARCH_X86_64", "6.1.0-18-amd64");
    }

    /** syscall -> its rules' effects: allowed (with argument conditions) or an errno other than EPERM (everyone's refusal). */
    static Map<String, Set<String>> effect(SeccompProfile profile, SeccompTarget target) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (SeccompRules.Rule r : SeccompRuleSelector.select(profile, target).rules()) {
            if (r.action().equals("SCMP_ACT_ERRNO") && (r.errnoRet() == null || r.errnoRet() == 1)) continue;
            List<String> args = new ArrayList<>();
            for (SeccompProfile.Arg a : r.args()) {
                BigInteger two = a.valueTwo() == null ? BigInteger.ZERO : a.valueTwo();
                args.add(a.index() + " " + a.op() + " " + a.value() + " " + two);
            }
            args.sort(null);
            out.computeIfAbsent(r.syscall(), k -> new TreeSet<>()).add(r.action() + "/" + r.errnoRet() + " " + args);
        }
        return out;
    }

    /** "name: expected -> ours" for each syscall whose effects differ (a readable failure). */
    static List<String> differences(Map<String, Set<String>> expected, Map<String, Set<String>> ours) {
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(ours.keySet());
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!java.util.Objects.equals(expected.get(n), ours.get(n))) out.add(n + ": " + expected.get(n) + " -> " + ours.get(n));
        }
        return out;
    }

    @Test
    void hasTheEffectOfDockersDefaultAsContainersCommonStatesIt() throws Exception {
        Assumptions.assumeTrue(Files.exists(CONTAINERS_COMMON),
                CONTAINERS_COMMON + " is missing (install containers-common, which podman brings)");
        SeccompProfile ours = SeccompProfileReader.dockerDefault();
        SeccompProfile theirs = SeccompProfileReader.read(CONTAINERS_COMMON);
        Set<String> differ = new TreeSet<>(DOCKER_ALLOWS_MORE);
        differ.addAll(PODMAN_ALLOWS_MORE);
        differ.addAll(CONDITIONED_DIFFERENTLY);
        int compared = 0;
        for (String arch : ARCHES) {
            for (List<String> caps : List.of(DefaultCapabilities.DOCKER, DefaultCapabilities.ALL, List.<String>of())) {
                SeccompTarget target = target(arch, caps);
                Map<String, Set<String>> mine = effect(ours, target), expected = effect(theirs, target);
                mine.keySet().removeAll(differ);
                expected.keySet().removeAll(differ);
                assertEquals(List.of(), differences(expected, mine), arch + " with " + caps.size() + " capabilities");
                compared += mine.size();
            }
        }
        assertTrue(compared > 5000, "compared " + compared + " syscall effects");
        assertEquals(SeccompRuleSelector.select(theirs, target("amd64", List.of())).architectures(),
                SeccompRuleSelector.select(ours, target("amd64", List.of())).architectures(), "x86_64 covers x86 and x32");
    }

    @Test
    void whereTheProfilesDifferOursIsDockers() {
        SeccompProfile ours = SeccompProfileReader.dockerDefault();
        assertEquals("SCMP_ACT_ERRNO", ours.defaultAction());
        assertEquals(1, ours.defaultErrnoRet(), "refusals are EPERM, as Docker's");
        Map<String, Set<String>> docker = effect(ours, target("amd64", DefaultCapabilities.DOCKER));
        for (String refused : List.of("keyctl", "add_key", "request_key", "mount", "umount2", "unshare", "setns", "pivot_root",
                "open_tree", "fsopen", "reboot", "syslog", "pidfd_getfd", "bpf", "perf_event_open", "io_uring_setup",
                "userfaultfd", "kexec_load", "open_by_handle_at")) {
            assertFalse(docker.containsKey(refused), refused + " is refused with Docker's capabilities: " + docker.get(refused));
        }
        assertEquals(Set.of("SCMP_ACT_ERRNO/38 []"), docker.get("clone3"), "clone3 is ENOSYS: glibc falls back to clone");
        assertEquals(Set.of("SCMP_ACT_ALLOW/null [0 SCMP_CMP_MASKED_EQ 2114060288 0]"), docker.get("clone"),
                "clone without namespace flags");
        assertEquals(Set.of("SCMP_ACT_ALLOW/null [0 SCMP_CMP_NE 40 0]"), docker.get("socket"), "no AF_VSOCK");
        for (String newer : List.of("cachestat", "fchmodat2", "futex_waitv", "mseal", "statmount", "listmount", "map_shadow_stack")) {
            assertTrue(docker.containsKey(newer), newer + " (newer than containers-common's profile) is allowed");
        }
        Map<String, Set<String>> admin = effect(ours, target("amd64", List.of("CAP_SYS_ADMIN")));
        for (String allowed : List.of("mount", "umount2", "unshare", "setns", "clone3", "bpf", "fsopen", "syslog")) {
            assertEquals(Set.of("SCMP_ACT_ALLOW/null []"), admin.get(allowed), allowed + " with CAP_SYS_ADMIN");
        }
        assertEquals(Set.of("SCMP_ACT_ALLOW/null []"), admin.get("clone"), "any clone with CAP_SYS_ADMIN");
    }
}
