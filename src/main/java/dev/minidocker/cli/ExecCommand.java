package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.runtime.container.ContainerExec;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker exec [-i] [-t] [-e K=V] [-w DIR] [-u USER] CONTAINER COMMAND [ARG...]}: runs a
 * process in a running container and exits with its code. The process is this CLI's child (its
 * stdio are ours), so no daemon is involved. Option parsing stops at the container name.
 */
@Command(name = "exec", description = "Execute a command in a running container.")
public final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open.")
    boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;
    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background.")
    boolean detach;
    @Option(names = {"-e", "--env"}, paramLabel = "K[=V]", description = "Set environment variables.")
    List<String> env = new ArrayList<>();
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;

    @Parameters(paramLabel = "CONTAINER COMMAND [ARG...]", arity = "0..*", description = "The container, then the command.")
    List<String> positionals = new ArrayList<>();

    @Override
    public Integer call() {
        if (positionals.size() < 2) throw new MiniDockerException("\"exec\" requires at least 2 arguments");
        RootPrivileges.require("exec");
        ContainerStore store = new ContainerStore(parent.global.root());
        String id = store.resolve(positionals.getFirst());
        var request = new ContainerExec.Request(positionals.subList(1, positionals.size()), env, workdir, user,
                interactive, tty);
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        int devNull = files.open("/dev/null", FileFlags.O_RDWR | FileFlags.O_CLOEXEC, 0);
        try {
            // Like run: without -i the process reads /dev/null; with -d it writes there too.
            Stdio stdio = detach ? new Stdio(devNull, devNull, devNull, false)
                    : new Stdio(interactive || tty ? 0 : devNull, 1, 2, true);
            RunningContainer process = new ContainerExec(store, new CgroupManagerFactory())
                    .start(id, request, stdio, System.getenv());
            if (detach) return 0;
            return process.waitFor();
        } finally {
            files.close(devNull);
        }
    }
}
