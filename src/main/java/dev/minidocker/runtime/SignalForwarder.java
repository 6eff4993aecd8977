package dev.minidocker.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Forwards the signals a foreground `run` receives to the container's PID 1, like docker run. */
final class SignalForwarder {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};
    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private SignalForwarder() {}

    static SignalForwarder install(IntConsumer send) {
        var f = new SignalForwarder();
        for (String name : FORWARDED) {
            try {
                Signal s = new Signal(name);
                f.previous.put(s, Signal.handle(s, sig -> send.accept(sig.getNumber())));
            } catch (IllegalArgumentException e) {
                // The JVM reserves this one (e.g. QUIT without -Xrs): it cannot be forwarded.
            }
        }
        return f;
    }

    synchronized void uninstall() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
