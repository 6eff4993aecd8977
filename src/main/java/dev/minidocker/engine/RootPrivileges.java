package dev.minidocker.engine;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessIdentity;

/** Verbs that create namespaces, mounts and cgroups need root; say so up front rather than fail midway. */
public final class RootPrivileges {
    private RootPrivileges() {}

    public static void require(String verb) {
        if (ProcessIdentity.effectiveUid() != 0) {
            throw new MiniDockerException(verb + " requires root privileges");
        }
    }
}
