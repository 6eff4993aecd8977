package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ExecSpec;
import java.nio.charset.StandardCharsets;

/** A container or exec started with stdin on /dev/null and stdout and stderr into one pipe. */
record PipedProcess(RunningContainer process, int outRead) {
    /** Starts the process on the stdio it is given. */
    interface Starter {
        RunningContainer start(Stdio stdio);
    }

    record Ended(int code, String out) {}

    static PipedProcess start(Starter starter) {
        int[] out = ProcessSyscalls.pipe();
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | ProcessSyscalls.O_CLOEXEC);
        try {
            return new PipedProcess(starter.start(Stdio.of(devNull, out[1], out[1])), out[0]);
        } catch (RuntimeException e) {
            ProcessSyscalls.close(out[0]);
            throw e;
        } finally {
            ProcessSyscalls.close(out[1]); // only the process holds the write end now
            ProcessSyscalls.close(devNull);
        }
    }

    /** Everything it wrote, until it (and any process that inherited the pipe) closed it, and its exit code. */
    Ended end() {
        try {
            String text = new String(ProcessSyscalls.readAll(outRead), StandardCharsets.UTF_8);
            return new Ended(process.waitFor(), text);
        } finally {
            ProcessSyscalls.close(outRead);
        }
    }

    int pid() {
        return process.pid();
    }

    /** exec's spec for a command run as root in / with Docker's capabilities and no cgroup. */
    static ExecSpec execSpec(java.util.List<String> env, String... args) {
        return new ExecSpec(java.util.List.of(args), env, "/", null, false, null, java.util.List.of());
    }
}
