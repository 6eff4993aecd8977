package dev.minidocker.cli;

import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.engine.container.RunRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker run-command COMMAND [ARG...]}: {@code run --rm} in a minimal root filesystem,
 * the directory $MINIDOCKER_DEFAULT_FS if set, else the busybox:latest image (pulled if needed).
 */
@Command(name = "run-command",
        description = "Run a command in a throwaway container with a minimal root filesystem "
                + "($MINIDOCKER_DEFAULT_FS, else busybox:latest).")
public final class RunCommandCommand implements Callable<Integer> {
    static final String DEFAULT_IMAGE = "busybox:latest";

    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "COMMAND [ARG...]", arity = "1..*", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        return parent.global.engine().containers().run(request(command, System.getenv("MINIDOCKER_DEFAULT_FS")),
                "run-command");
    }

    /** {@code run-command CMD...} in the daemon, if one answers (see {@link RemoteRun}); else null. */
    static Integer remote(PlainArgs.Parsed parsed) {
        return RemoteRun.attempt(GlobalOptions.of(parsed.options()).rootPath(),
                request(parsed.positionals(), System.getenv("MINIDOCKER_DEFAULT_FS")));
    }

    static RunRequest request(List<String> command, String defaultFs) {
        if (defaultFs != null && !defaultFs.isEmpty()) return RunRequest.minimal(null, Path.of(defaultFs), command);
        return RunRequest.minimal(DEFAULT_IMAGE, null, command);
    }
}
