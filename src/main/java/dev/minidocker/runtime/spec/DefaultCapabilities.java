package dev.minidocker.runtime.spec;

import java.util.List;

/** The capabilities Docker keeps by default; every other one is dropped. */
public final class DefaultCapabilities {
    public static final List<String> DOCKER = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private DefaultCapabilities() {}
}
