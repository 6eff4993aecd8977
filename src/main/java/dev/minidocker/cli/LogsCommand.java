package dev.minidocker.cli;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.container.ContainerService;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker logs [-f] [--tail N] [-t] CONTAINER}: reads the json-file log; no daemon needed. */
@Command(name = "logs", description = "Fetch the logs of a container.")
public final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--follow"}, description = "Follow log output.")
    boolean follow;
    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "all",
            description = "Number of lines to show from the end of the logs (default \"all\").")
    String tail;
    @Option(names = "--since", paramLabel = "TIME",
            description = "Show logs since a timestamp (2013-01-02T13:23:37Z) or relative (42m for 42 minutes).")
    String since;
    @Option(names = "--until", paramLabel = "TIME",
            description = "Show logs before a timestamp (2013-01-02T13:23:37Z) or relative (42m for 42 minutes).")
    String until;
    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Name, id or unambiguous id prefix.")
    String container;

    @Override
    public Integer call() {
        ContainerService containers = parent.global.engine().containers();
        String id = containers.resolve(container);
        int lines = parseTail(tail);
        PrintStream out = System.out, err = System.err;
        Instant now = Instant.now();
        containers.logs(id, lines, follow, time(since, "since", now), time(until, "until", now),
                e -> {
                    PrintStream to = e.stderr() ? err : out;
                    String text = e.shown(timestamps);
                    to.write(text.getBytes(StandardCharsets.UTF_8), 0, text.getBytes(StandardCharsets.UTF_8).length);
                    to.flush();
                });
        return 0;
    }

    /** Docker's forms: Unix seconds, RFC 3339 (or a date), or a duration back from now ("10m"). */
    private static Instant time(String value, String flag, Instant now) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Filters.instant(value, now);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid value for \"" + flag + "\": failed to parse value as time or duration: \""
                    + value + "\"");
        }
    }

    static int parseTail(String tail) {
        if (tail == null || tail.equals("all") || tail.isEmpty()) return -1;
        try {
            int n = Integer.parseInt(tail);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw new MiniDockerException("invalid value for --tail: " + tail);
        }
    }
}
