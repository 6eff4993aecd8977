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
                    "seccomp": {"enabled": false},
                    "apparmor": {"enabled": false},
                    "selinux": {"enabled": false}
                  },
                  "annotations": {"org.opencontainers.runtime-spec.features.version": "%s"}
                }""".formatted(ContainerState.OCI_VERSION, ContainerState.OCI_VERSION);
    }
}
