package dev.minidocker.runtime.process;

/**
 * Where the container's 0/1/2 come from. Without -t they are dup'ed straight into the container;
 * with -t the container gets a pty and the launcher copies between these fds and the pty master.
 * The launcher never closes these fds.
 *
 * @param in             fd the container reads (or the pty copies from)
 * @param out            fd for the container's stdout (with -t: all pty output)
 * @param err            fd for the container's stderr (unused with -t, like Docker)
 * @param forwardSignals forward SIGINT/TERM/HUP/QUIT/USR1/USR2 received by this JVM to PID 1
 *                       (a foreground `run`); with -t the pty delivers ^C itself
 */
public record Stdio(int in, int out, int err, boolean forwardSignals) {

    /** The caller's own 0/1/2 with signal forwarding: a foreground `run`. */
    public static Stdio inherit() {
        return new Stdio(0, 1, 2, true);
    }

    /** Given fds, no signal forwarding (tests, detached containers writing logs). */
    public static Stdio of(int in, int out, int err) {
        return new Stdio(in, out, err, false);
    }
}
