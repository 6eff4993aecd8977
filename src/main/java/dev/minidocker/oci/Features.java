package dev.minidocker.oci;

/** `features`: what this runtime implements, in runtime-spec's features.json shape. */
final class Features {
    private Features() {}

    static String json() {
        return """
                {
                  "ociVersionMin": "1.0.0",
                  "ociVersionMax": "%s",
                  "hooks": ["prestart", "createRuntime", "poststart", "poststop"],
                  "mountOptions": ["bind", "rbind", "ro", "rw", "nosuid", "nodev", "noexec", "suid", "dev", "exec",
                    "sync", "dirsync", "mand", "noatime", "nodiratime", "relatime", "strictatime",
                    "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable"],
                  "linux": {
                    "namespaces": ["pid", "network", "ipc", "uts", "mount", "cgroup"],
                    "capabilities": [],
                    "cgroup": {"v1": true, "v2": true, "systemd": false, "systemdUser": false},
                    "seccomp": {"enabled": true,
                      "actions": ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                        "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"],
                      "operators": ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                        "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"],
                      "archs": ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
                        "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
                        "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X",
                        "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64"],
                      "knownFlags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
                      "supportedFlags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"]},
                    "apparmor": {"enabled": false},
                    "selinux": {"enabled": false}
                  },
                  "annotations": {"org.opencontainers.runtime-spec.features.version": "%s"}
                }""".formatted(ContainerState.OCI_VERSION, ContainerState.OCI_VERSION);
    }
}
