package dev.minidocker.runtime.process;

/**
 * Where the container's 0/1/2 come from. With {@code relay} (the caller's own descriptors: a
 * foreground run, the daemon's copies of its client's, the CLI's exec) the container gets pipes
 * this process owns and copies ({@link StdioRelay}); otherwise the fds are dup'ed straight into the
 * container (pipes or FIFOs mini-docker owns already). With -t the container gets a pty and the
 * launcher copies between these fds and the pty master. The launcher never closes these fds.
 *
 * @param in             fd the container reads (or the pty copies from)
 * @param out            fd for the container's stdout (with -t: all pty output)
 * @param err            fd for the container's stderr (unused with -t, like Docker)
 * @param forwardSignals forward SIGINT/TERM/HUP/QUIT/USR1/USR2 received by this JVM to PID 1
 *                       (a foreground `run`); with -t the pty delivers ^C itself
 * @param relay          the fds are the caller's own: never hand them to the container, which
 *                       could reopen them through /proc/PID/fd (truncate the caller's file,
 *                       reach its terminal)
 */
public record Stdio(int in, int out, int err, boolean forwardSignals, boolean relay) {

    /** The caller's own 0/1/2 with signal forwarding, relayed: a foreground `run`. */
    public static Stdio inherit() {
        return new Stdio(0, 1, 2, true, true);
    }

    /** Given fds, no signal forwarding (tests, detached containers writing logs). */
    public static Stdio of(int in, int out, int err) {
        return new Stdio(in, out, err, false, false);
    }

    /** A caller's own fds (the daemon's copies of its client's, the CLI's exec), relayed. */
    public static Stdio relayed(int in, int out, int err, boolean forwardSignals) {
        return new Stdio(in, out, err, forwardSignals, true);
    }

    /** The same with another stdin (/dev/null for a container without -i). */
    public Stdio withIn(int newIn) {
        return new Stdio(newIn, out, err, forwardSignals, relay);
    }
}
