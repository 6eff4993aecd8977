package dev.minidocker.runtime.spec;

import dev.minidocker.linux.Errno;
import java.nio.charset.StandardCharsets;

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
 * With a terminal ({@link #ownsPty}) the parent shuts down only its writing side of the sync socket:
 * stage 2 makes the container's pty from the container's own devpts once its root is in place
 * (so the command's terminal is /dev/pts/N inside, as Docker's is), sends the master back on the
 * sync socket ({@link #PTY_MASTER} with one descriptor) and closes it; the parent relays that master
 * from then on instead of the host pty stage 2 was spawned on.
 */
public final class Stage2Protocol {
    public static final int SYNC_FD = 3;
    public static final int ERROR_FD = 4;
    public static final int STDIO_FDS = 3;
    public static final byte READY = 'R';
    public static final byte PTY_MASTER = 'P';
    public static final byte EXEC_FAILED = 'E';
    public static final byte SETUP_FAILED = 'S';
    /**
     * A container with a start gate ({@code ContainerSpec.OciExtras.startFifo}) is set up and waits
     * for `start`: the last byte on the error pipe (the launcher has usually exited by then); after
     * the gate, failures go to the command's stderr, as the shell reports them (127, 126).
     */
    public static final byte WAITING = 'W';
    /** Whether stage 2 makes the container's pty itself (a -t container or exec, not an OCI bundle's console). */
    public static boolean ownsPty(boolean tty, boolean oci) {
        return tty && !oci;
    }

    /** Exit status of stage 2 after a reported failure. */
    public static final int FAILURE_EXIT = 125;
    /**
     * The system property (true) that makes stage 2 set PR_SET_PDEATHSIG to SIGKILL: the in-process
     * foreground run's stage 2 dies with the CLI that spawned it (runtime/process/Stage2Launcher).
     */
    public static final String PDEATHSIG_PROPERTY = "minidocker.pdeathsig";

    /** Whether this stage 2 was asked to die with its parent ({@link #PDEATHSIG_PROPERTY}). */
    public static boolean diesWithParent() {
        return Boolean.getBoolean(PDEATHSIG_PROPERTY);
    }

    /**
     * The system property set on a stage 2 spawned ahead of time at a lower priority (the daemon's
     * pool: Stage2Launcher#spawnInBackground): the nice value its threads return to once it has
     * booted, before it waits for its release, so that the container never inherits the lower one.
     */
    public static final String RESTORE_NICE_PROPERTY = "minidocker.restoreNice";

    /** The nice value to return to once booted ({@link #RESTORE_NICE_PROPERTY}), or null to keep this one. */
    public static Integer restoreNice() {
        return Integer.getInteger(RESTORE_NICE_PROPERTY);
    }

    /**
     * The system property naming an empty host directory where a stage 2 spawned ahead of time
     * mounts the container's /proc, /dev and /sys while it waits (runtime/init/MountPlan#preparedTree).
     */
    public static final String TREE_DIR_PROPERTY = "minidocker.treeDir";

    /** Where to prepare the mount tree ({@link #TREE_DIR_PROPERTY}), or null not to. */
    public static String treeDir() {
        return System.getProperty(TREE_DIR_PROPERTY);
    }

    public static final String MAIN_CLASS = "dev.minidocker.runtime.init.Stage2";

    private Stage2Protocol() {}

    /** What stage 2 writes to the error pipe: {@code kind}, the errno for EXEC_FAILED, then {@code text}. */
    public static byte[] report(byte kind, byte[] text, int errno) {
        byte[] msg = new byte[1 + (kind == EXEC_FAILED ? 4 : 0) + text.length];
        msg[0] = kind;
        int off = 1;
        if (kind == EXEC_FAILED) {
            for (int i = 0; i < 4; i++) msg[off++] = (byte) (errno >>> (24 - 8 * i));
        }
        System.arraycopy(text, 0, msg, off, text.length);
        return msg;
    }

    /**
     * The launcher's reading of a failure report (after READY, if stage 2 got that far); {@code
     * status} is stage 2's exit code, for a stage 2 that died without a word.
     */
    public static ContainerStartException failure(byte[] report, int status) {
        if (report.length == 0) {
            return new ContainerStartException("container init (stage 2) exited with status " + status
                    + " before starting the command");
        }
        String text = new String(report, 1, report.length - 1, StandardCharsets.UTF_8);
        if (report[0] == EXEC_FAILED && report.length >= 5) {
            int errno = ((report[1] & 0xff) << 24) | ((report[2] & 0xff) << 16) | ((report[3] & 0xff) << 8) | (report[4] & 0xff);
            String command = new String(report, 5, report.length - 5, StandardCharsets.UTF_8);
            if (errno == Errno.ENOENT) {
                return new CommandNotFoundException(command.contains("/")
                        ? "exec: \"" + command + "\": no such file or directory"
                        : "exec: \"" + command + "\": executable file not found in $PATH");
            }
            return new CommandNotExecutableException("exec: \"" + command + "\": " + Errno.describe(errno));
        }
        return new ContainerStartException(text);
    }
}
