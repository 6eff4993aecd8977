package dev.minidocker.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.seccomp.Scmp;
import dev.minidocker.linux.seccomp.SeccompCondition;
import dev.minidocker.linux.seccomp.SeccompException;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Docker's default profile and small profiles translated into libseccomp calls, against a recording fake. */
class SeccompCompilerTest {
    private static final int ALLOW = Scmp.ACT_ALLOW, EPERM = Scmp.actErrno(1), ENOSYS = Scmp.actErrno(38);
    private static final SeccompProfile DOCKER = SeccompProfileReader.dockerDefault();

    static SeccompTarget amd64(List<String> caps) {
        return new SeccompTarget(Set.copyOf(caps), "amd64", "SCMP_ARCH_X86_64", "6.1.0-18-amd64");
    }

    static RecordingLibseccomp compile(SeccompProfile profile, SeccompTarget target, Set<String> unknown) {
        RecordingLibseccomp lib = new RecordingLibseccomp(unknown);
        new SeccompCompiler(lib).compile(SeccompRuleSelector.select(profile, target));
        return lib;
    }

    static List<Integer> actions(RecordingLibseccomp lib, String syscall) {
        return lib.rulesFor(syscall).stream().map(RecordingLibseccomp.RuleCall::action).toList();
    }

    @Test
    void dockerDefaultWithDockerCapabilities() {
        var lib = compile(DOCKER, amd64(DefaultCapabilities.DOCKER), Set.of());
        assertEquals(EPERM, lib.defaultAction, "defaultAction SCMP_ACT_ERRNO with defaultErrnoRet 1");
        assertEquals(List.of(RecordingLibseccomp.X86_64, RecordingLibseccomp.X86, RecordingLibseccomp.X32), lib.arches,
                "the archMap entry of amd64: x86_64 with x86 and x32");
        assertEquals(0, lib.attributes.get(Scmp.FLTATR_CTL_NNP), "no no_new_privs: Docker's default");
        assertEquals(2, lib.attributes.get(Scmp.FLTATR_CTL_OPTIMIZE), "the binary tree, as runc asks for long profiles");
        assertEquals("seccomp_init", lib.calls.get(0));
        assertEquals(List.of("seccomp_export_bpf", "seccomp_release"), lib.calls.subList(lib.calls.size() - 2, lib.calls.size()));

        for (String allowed : List.of("read", "mkdirat", "io_setup", "chroot", "arch_prctl", "modify_ldt", "ptrace")) {
            assertEquals(List.of(ALLOW), actions(lib, allowed), allowed);
        }
        // Refused by the default action: no rule at all.
        for (String refused : List.of("bpf", "perf_event_open", "kexec_load", "open_by_handle_at", "userfaultfd",
                "add_key", "keyctl", "request_key", "io_uring_setup", "unshare", "mount", "setns", "reboot",
                "init_module", "pidfd_getfd", "arm_fadvise64_64", "s390_runtime_instr")) {
            assertEquals(List.of(), lib.rulesFor(refused), refused);
        }
        var personality = lib.rulesFor("personality");
        assertEquals(List.of(0L, 8L, 131072L, 131080L, 4294967295L),
                personality.stream().map(r -> r.conditions().get(0).datumA()).toList());
        for (var rule : personality) {
            assertEquals(ALLOW, rule.action());
            assertEquals(List.of(new SeccompCondition(0, Scmp.CMP_EQ, rule.conditions().get(0).datumA(), 0)), rule.conditions());
        }
        // clone without namespace flags only: (flags & CLONE_NEW*) == 0; clone3 ENOSYS so that glibc falls back to clone.
        assertEquals(List.of(new RecordingLibseccomp.RuleCall("clone", ALLOW,
                List.of(new SeccompCondition(0, Scmp.CMP_MASKED_EQ, 2114060288L, 0)))), lib.rulesFor("clone"));
        assertEquals(List.of(ENOSYS), actions(lib, "clone3"));
        assertEquals(List.of(new RecordingLibseccomp.RuleCall("socket", ALLOW,
                List.of(new SeccompCondition(0, Scmp.CMP_NE, 40, 0)))), lib.rulesFor("socket"), "no AF_VSOCK");
    }

    @Test
    void capabilitiesWidenTheFilterAsDockersDo() {
        List<String> caps = new ArrayList<>(DefaultCapabilities.DOCKER);
        caps.addAll(List.of("CAP_SYS_ADMIN", "CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE", "CAP_BPF"));
        caps.remove("CAP_SYS_CHROOT");
        var lib = compile(DOCKER, amd64(caps), Set.of());
        for (String allowed : List.of("bpf", "mount", "unshare", "setns", "open_by_handle_at", "pidfd_getfd", "perf_event_open")) {
            assertTrue(actions(lib, allowed).contains(ALLOW), allowed);
        }
        assertEquals(List.of(ALLOW), actions(lib, "clone"), "unconditional with CAP_SYS_ADMIN");
        assertEquals(List.of(), lib.rulesFor("clone").get(0).conditions());
        assertEquals(List.of(ALLOW), actions(lib, "clone3"), "the ENOSYS entry excludes CAP_SYS_ADMIN");
        assertEquals(List.of(), lib.rulesFor("chroot"), "chroot needs CAP_SYS_CHROOT");
        assertEquals(List.of(), lib.rulesFor("reboot"), "reboot needs CAP_SYS_BOOT");
    }

    @Test
    void arm64TakesItsOwnArchitecturesAndEntries() {
        var target = new SeccompTarget(Set.copyOf(DefaultCapabilities.DOCKER), "arm64", "SCMP_ARCH_AARCH64", "6.1.0");
        var lib = compile(DOCKER, target, Set.of());
        assertEquals(List.of(RecordingLibseccomp.AARCH64, RecordingLibseccomp.ARM), lib.arches);
        assertEquals(List.of(ALLOW), actions(lib, "arm_fadvise64_64"));
        assertEquals(List.of(), lib.rulesFor("arch_prctl"));
        assertEquals(List.of(), lib.rulesFor("modify_ldt"));
    }

    @Test
    void minKernelIsComparedWithTheRunningKernel() {
        var old = new SeccompTarget(Set.copyOf(DefaultCapabilities.DOCKER), "amd64", "SCMP_ARCH_X86_64", "4.4.0-210-generic");
        assertEquals(List.of(), compile(DOCKER, old, Set.of()).rulesFor("ptrace"), "ptrace needs 4.8 without CAP_SYS_PTRACE");
        var exact = new SeccompTarget(Set.copyOf(DefaultCapabilities.DOCKER), "amd64", "SCMP_ARCH_X86_64", "4.8-1-amd64");
        assertEquals(List.of(ALLOW), actions(compile(DOCKER, exact, Set.of()), "ptrace"));
    }

    @Test
    void namesLibseccompDoesNotKnowAreSkippedAndReported() {
        RecordingLibseccomp lib = new RecordingLibseccomp(Set.of("mseal", "listmount"));
        var compiled = new SeccompCompiler(lib).compile(SeccompRuleSelector.select(DOCKER, amd64(DefaultCapabilities.DOCKER)));
        assertEquals(List.of("listmount", "mseal"), compiled.unknownSyscalls().stream().sorted().toList());
        assertEquals(List.of(), lib.rulesFor("mseal"));
        assertEquals(List.of(ALLOW), actions(lib, "statmount"));
    }

    static SeccompProfile profile(String json) {
        return SeccompProfileReader.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    @Test
    void actionsErrnoValuesAndRepeatedArguments() {
        var lib = compile(profile("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [
                   {"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_ERRNO"},
                   {"name": "chmod", "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                   {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS"},
                   {"names": ["tkill"], "action": "SCMP_ACT_TRACE", "errnoRet": 7},
                   {"names": ["uname"], "action": "SCMP_ACT_LOG", "errnoRet": 5},
                   {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO",
                    "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 21506, "op": "SCMP_CMP_EQ"}]},
                   {"names": ["mmap"], "action": "SCMP_ACT_ERRNO",
                    "args": [{"index": 2, "value": 4, "valueTwo": 4, "op": "SCMP_CMP_MASKED_EQ"},
                             {"index": 3, "value": 18446744073709551615, "op": "SCMP_CMP_GE"}]}
                 ]}"""), amd64(List.of()), Set.of());
        assertEquals(Scmp.ACT_ALLOW, lib.defaultAction);
        assertEquals(List.of(RecordingLibseccomp.X86_64), lib.arches);
        assertEquals(null, lib.attributes.get(Scmp.FLTATR_CTL_OPTIMIZE), "short profiles keep the linear filter");
        assertEquals(List.of(EPERM), actions(lib, "mkdirat"), "SCMP_ACT_ERRNO without errnoRet is EPERM");
        assertEquals(List.of(EPERM), actions(lib, "mkdir"));
        assertEquals(List.of(Scmp.actErrno(13)), actions(lib, "chmod"), "the old single 'name' form");
        assertEquals(List.of(), lib.rulesFor("read"), "a rule with the default's action is skipped (libseccomp refuses it)");
        assertEquals(List.of(Scmp.ACT_KILL_PROCESS), actions(lib, "kill"));
        assertEquals(List.of(Scmp.actTrace(7)), actions(lib, "tkill"));
        assertEquals(List.of(Scmp.ACT_LOG), actions(lib, "uname"), "errnoRet on another action is ignored, as runc does");
        assertEquals(List.of(List.of(new SeccompCondition(1, Scmp.CMP_EQ, 21505, 0)),
                        List.of(new SeccompCondition(1, Scmp.CMP_EQ, 21506, 0))),
                lib.rulesFor("ioctl").stream().map(RecordingLibseccomp.RuleCall::conditions).toList(),
                "two conditions on one argument: one rule each (ORed), as runc does");
        assertEquals(List.of(List.of(new SeccompCondition(2, Scmp.CMP_MASKED_EQ, 4, 4),
                        new SeccompCondition(3, Scmp.CMP_GE, -1L, 0))),
                lib.rulesFor("mmap").stream().map(RecordingLibseccomp.RuleCall::conditions).toList(),
                "conditions on different arguments: one rule (ANDed); a uint64 above Long.MAX_VALUE keeps its 64 bits");
    }

    @Test
    void aFailedRuleNamesTheSyscallAndReleasesTheFilter() {
        RecordingLibseccomp lib = new RecordingLibseccomp(Set.of());
        lib.failRuleFor = "mkdirat";
        var rules = SeccompRuleSelector.select(profile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdirat"], "action": "SCMP_ACT_ERRNO"}]}"""),
                amd64(List.of()));
        var e = assertThrows(SeccompException.class, () -> new SeccompCompiler(lib).compile(rules));
        assertTrue(e.getMessage().startsWith("seccomp_rule_add_array for `mkdirat` (action 0x50001, 0 conditions): "), e.getMessage());
        assertEquals(1, lib.releases);
    }

    @Test
    void anArchitectureTheLibraryDoesNotKnowIsAnError() {
        RecordingLibseccomp lib = new RecordingLibseccomp(Set.of());
        var rules = SeccompRuleSelector.select(profile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_RISCV64"]}"""), amd64(List.of()));
        var e = assertThrows(SeccompException.class, () -> new SeccompCompiler(lib).compile(rules));
        assertTrue(e.getMessage().contains("SCMP_ARCH_RISCV64"), e.getMessage());
        assertEquals(1, lib.releases);
    }

    @Test
    void aProfileWithoutDefaultActionOrSyscallsMeansNoFilter() {
        assertEquals(null, SeccompRuleSelector.select(profile("{}"), amd64(List.of())));
        assertFalse(SeccompRuleSelector.select(profile("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}"), amd64(List.of())) == null);
    }
}
