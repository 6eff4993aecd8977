package dev.minidocker.linux;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Nice values of threads. On Linux setpriority(PRIO_PROCESS, id) changes one thread (id 0: the
 * calling one), and a process or thread starts with the nice value of the thread that created it.
 */
public final class Niceness {
    private static final int PRIO_PROCESS = 0;
    private static final MemorySegment SETPRIORITY = Native.function("setpriority");

    private Niceness() {}

    /** This thread's nice value (field 19 of /proc/thread-self/stat; getpriority's -1 is ambiguous). */
    public static int ofThisThread() {
        return ofTask(Path.of("/proc/thread-self/stat"));
    }

    /** The nice value (field 19) in a /proc/.../stat file. */
    static int ofTask(Path stat) {
        try {
            return Integer.parseInt(ProcessIdentity.statFieldsAfterCommand(Files.readString(stat))[19 - 3]);
        } catch (IOException | RuntimeException e) {
            throw new SyscallException("read the nice value in " + stat, Errno.EIO);
        }
    }

    /** setpriority(PRIO_PROCESS, {@code tid}, {@code nice}); tid 0 is this thread. Lowering it needs CAP_SYS_NICE. */
    public static void set(int tid, int nice) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(a);
            if ((int) Native.call(SETPRIORITY, errno, PRIO_PROCESS, tid, nice) != 0) {
                throw new SyscallException("setpriority " + tid + " " + nice, Native.errno(errno));
            }
        }
    }

    /**
     * Every thread of this process to {@code nice} (threads started meanwhile take their creator's).
     * The threads are listed from /proc, whose pid namespace may not be ours (stage 2 reads the
     * host's before its mounts): each is named to setpriority by its id in our own namespace, the
     * last of its status's NSpid line.
     */
    public static void setAllThreads(int nice) {
        String[] tasks = new File("/proc/self/task").list();
        if (tasks == null) throw new SyscallException("list /proc/self/task", Errno.EIO);
        for (String task : tasks) {
            int tid;
            try {
                tid = idInOwnNamespace(Files.readString(Path.of("/proc/self/task", task, "status")), Integer.parseInt(task));
            } catch (IOException e) {
                continue; // a thread that ended since the listing
            }
            try {
                set(tid, nice);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ESRCH) throw e;
            }
        }
    }

    /** The id in the innermost pid namespace, from a /proc status file's NSpid line; {@code listed} without one. */
    static int idInOwnNamespace(String status, int listed) {
        for (String line : status.split("\n")) {
            if (!line.startsWith("NSpid:")) continue;
            String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
            return Integer.parseInt(ids[ids.length - 1]);
        }
        return listed;
    }
}
