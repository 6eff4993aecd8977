package dev.minidocker.runtime.process;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Forwards the signals a foreground `run` receives to the container's PID 1, like docker run: in
 * process to the container, or from {@code cli/RemoteRun} to the daemon. QUIT is not among them:
 * the JVM keeps it (thread dumps) unless started with -Xrs, which would disable these handlers too.
 * A handler object rather than a lambda: a lambda's bootstrap cost a fresh JVM ~10 ms.
 */
public final class SignalForwarder implements SignalHandler {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "USR1", "USR2"};
    private final IntConsumer send;
    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private SignalForwarder(IntConsumer send) {
        this.send = send;
    }

    /** Installs the forwarding; {@code send} gets each signal's number (from a JVM thread). */
    public static SignalForwarder install(IntConsumer send) {
        SignalForwarder f = new SignalForwarder(send);
        for (String name : FORWARDED) {
            Signal s = new Signal(name);
            f.previous.put(s, Signal.handle(s, f));
        }
        return f;
    }

    @Override
    public void handle(Signal signal) {
        send.accept(signal.getNumber());
    }

    /** Puts the previous handlers back. */
    public synchronized void uninstall() {
        for (Map.Entry<Signal, SignalHandler> p : previous.entrySet()) Signal.handle(p.getKey(), p.getValue());
        previous.clear();
    }
}
