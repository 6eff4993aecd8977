package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessIdentity;

/** Verbs that create namespaces, mounts and cgroups need root; say so up front rather than fail midway. */
final class RootPrivileges {
    private RootPrivileges() {}

    static void require(String verb) {
        if (ProcessIdentity.effectiveUid() != 0) {
            throw new MiniDockerException(verb + " requires root privileges");
        }
    }
}
