package dev.minidocker.cli;

import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.RunOption;
import dev.minidocker.engine.container.RunRequest;
import java.util.ArrayList;
import java.util.List;

/** The run requests the CLI makes of arguments, for tests in other packages (as Main's fast path makes them). */
public final class CliRequests {
    private CliRequests() {}

    /** {@code run ARGS...}: null when the fast path would leave the arguments to picocli. */
    public static RunRequest run(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(args);
        PlainArgs.Parsed parsed = PlainArgs.parse(argv.toArray(String[]::new), "run", RunOption.values(), true);
        return parsed == null ? null : RunCommand.request(parsed.options(), parsed.positionals());
    }

    /** {@code run-command COMMAND...} with $MINIDOCKER_DEFAULT_FS {@code defaultFs} (null: busybox). */
    public static RunRequest runCommand(List<String> command, String defaultFs) {
        return RunCommandCommand.request(command, defaultFs);
    }
}
