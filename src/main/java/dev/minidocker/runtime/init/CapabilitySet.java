package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import java.util.List;

/** Capability names and numbers (linux/capability.h) into a mask; null means Docker's default set (0xa80425fb). */
public final class CapabilitySet {
    private static final List<String> NAMES = DefaultCapabilities.NUMBERED;

    private CapabilitySet() {}

    /** The bit mask of the named capabilities ("CAP_CHOWN" or "CHOWN", any case); null means Docker's default. */
    public static long mask(List<String> names) {
        long mask = 0;
        for (String n : names == null ? DefaultCapabilities.DOCKER : names) {
            String bare = n.toUpperCase(java.util.Locale.ROOT);
            if (bare.startsWith("CAP_")) bare = bare.substring(4);
            int number = NAMES.indexOf(bare);
            if (number < 0) throw new ContainerStartException("unknown capability " + n);
            mask |= 1L << number;
        }
        return mask;
    }
}
