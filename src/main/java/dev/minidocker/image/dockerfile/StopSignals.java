package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import java.util.Set;

/** STOPSIGNAL's check: a signal number or a known name (with or without SIG), as Docker's ParseSignal. */
final class StopSignals {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

    private StopSignals() {
    }

    static String check(String signal) {
        if (signal.matches("[0-9]+") && Integer.parseInt(signal) > 0 && Integer.parseInt(signal) <= 64) return signal;
        String name = signal.toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("SIG")) name = name.substring(3);
        if (NAMES.contains(name) || name.matches("RTMIN(\\+([1-9]|1[0-5]))?|RTMAX(-([1-9]|1[0-4]))?")) return signal;
        throw new InvalidArgumentException("Invalid signal: " + signal);
    }
}
