package dev.minidocker.linux.seccomp;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.ProcessSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A test helper run as its own JVM (never a fork): installs the filter in file {@code args[0]}
 * with SeccompInstall on its main thread, as stage 2 does, then execve's {@code args[1..]}.
 */
public final class FilteredExec {
    private FilteredExec() {}

    public static void main(String[] args) throws Exception {
        SeccompInstall.onThisThread(new SeccompProgram(Files.readAllBytes(Path.of(args[0]))));
        List<String> argv = Arrays.asList(args).subList(1, args.length);
        int errno = ProcessSyscalls.execve(argv.get(0), argv, List.of("PATH=/usr/bin:/bin"));
        System.err.println("execve " + argv.get(0) + ": " + Errno.describe(errno));
        System.exit(127);
    }
}
