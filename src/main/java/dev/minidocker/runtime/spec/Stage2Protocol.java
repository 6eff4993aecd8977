package dev.minidocker.runtime.spec;

/**
 * What the launcher and stage 2 agree on. Stage 2 is spawned with one end of an AF_UNIX stream
 * socket pair (the sync socket) at {@link #SYNC_FD} and the error pipe's write end at
 * {@link #ERROR_FD}. The parent sends the encoded {@link Stage2Message} on the sync socket and
 * closes it once the child may go on (placed in its cgroup): EOF is the release. The message may
 * carry exactly {@link #STDIO_FDS} descriptors (SCM_RIGHTS, with its first byte): stdin, stdout
 * and stderr, which stage 2 then dup2's onto 0, 1 and 2 before anything else (so a stage 2
 * spawned ahead of time on /dev/null serves a caller known only at release); without them it
 * keeps the stdio it was spawned with. EOF before any byte: the parent gave up, stage 2 exits.
 * Stage 2 keeps the error pipe close-on-exec; EOF there means execve succeeded. Otherwise stage 2
 * writes {@link #READY} right before its first execve (so that an EOF without it means stage 2
 * died), and then, if execve fails, {@link #EXEC_FAILED} + errno (4 bytes, big endian) + the command, or
 * {@link #SETUP_FAILED} + a one-line UTF-8 message.
 */
public final class Stage2Protocol {
    public static final int SYNC_FD = 3;
    public static final int ERROR_FD = 4;
    public static final int STDIO_FDS = 3;
    public static final byte READY = 'R';
    public static final byte EXEC_FAILED = 'E';
    public static final byte SETUP_FAILED = 'S';
    /** Exit status of stage 2 after a reported failure. */
    public static final int FAILURE_EXIT = 125;
    public static final String MAIN_CLASS = "dev.minidocker.runtime.init.Stage2";

    private Stage2Protocol() {}
}
