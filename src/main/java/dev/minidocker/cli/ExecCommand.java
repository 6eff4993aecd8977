package dev.minidocker.cli;

import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.engine.container.ExecRequest;
import dev.minidocker.engine.container.ExecProcess;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.FileFlags;
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
        if (positionals.size() < 2) throw new ArgumentCountException("\"exec\" requires at least 2 arguments");
        RootPrivileges.require("exec");
        var containers = parent.global.engine().containers();
        String id = containers.resolve(positionals.getFirst());
        ExecRequest request = new ExecRequest(positionals.subList(1, positionals.size()), env, workdir, user, interactive, tty);
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        int devNull = files.open("/dev/null", FileFlags.O_RDWR | FileFlags.O_CLOEXEC, 0);
        try {
            // Like run: without -i the process reads /dev/null; with -d it writes there too.
            ExecProcess process = detach
                    ? containers.exec(id, request, devNull, devNull, devNull, false, System.getenv())
                    : containers.exec(id, request, interactive || tty ? 0 : devNull, 1, 2, true, System.getenv());
            if (detach) return 0;
            return process.waitFor();
        } finally {
            files.close(devNull);
        }
    }
}
