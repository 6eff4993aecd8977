package dev.minidocker.runtime;

/**
 * What the launcher and stage 2 agree on. Stage 2 is spawned with the sync pipe's read end at
 * {@link #SYNC_FD} and the error pipe's write end at {@link #ERROR_FD}. The parent writes the
 * encoded spec to the sync pipe and closes it once the child is in its cgroup: EOF is the release.
 * Stage 2 keeps the error pipe close-on-exec; EOF there means execve succeeded. Otherwise stage 2
 * writes {@link #READY} right before its first execve (so that an EOF without it means stage 2
 * died), and then, if execve fails, {@link #EXEC_FAILED} + errno (4 bytes, big endian) + the command, or
 * {@link #SETUP_FAILED} + a one-line UTF-8 message.
 */
public final class Stage2Protocol {
    public static final int SYNC_FD = 3;
    public static final int ERROR_FD = 4;
    public static final byte READY = 'R';
    public static final byte EXEC_FAILED = 'E';
    public static final byte SETUP_FAILED = 'S';
    /** Exit status of stage 2 after a reported failure. */
    public static final int FAILURE_EXIT = 125;
    public static final String MAIN_CLASS = "dev.minidocker.runtime.init.Stage2";

    private Stage2Protocol() {}
}
