package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import java.util.List;
import java.util.Locale;

/** Signal names as Docker takes them ("SIGTERM", "TERM", "15"), Linux numbering (x86_64 and aarch64 agree). */
public final class SignalNames {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
            "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int SIGRTMIN = 34, SIGRTMAX = 64;

    private SignalNames() {}

    public static int parse(String signal) {
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) s = s.substring(3);
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= SIGRTMAX) return n;
        } catch (NumberFormatException notNumeric) {
            int i = NAMES.indexOf(s);
            if (i > 0) return i;
            if (s.equals("IOT")) return 6;
            if (s.equals("POLL")) return 29;
            if (s.startsWith("RTMIN+") || s.startsWith("RTMAX-")) {
                try {
                    int off = Integer.parseInt(s.substring(6));
                    int n = s.startsWith("RTMIN") ? SIGRTMIN + off : SIGRTMAX - off;
                    if (n >= SIGRTMIN && n <= SIGRTMAX) return n;
                } catch (NumberFormatException ignored) {
                    // falls through to the error
                }
            }
        }
        throw new MiniDockerException("Invalid signal: " + signal);
    }
}
