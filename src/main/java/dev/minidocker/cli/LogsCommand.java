package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.state.ContainerStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Name, id or unambiguous id prefix.")
    String container;

    @Override
    public Integer call() {
        ContainerStore store = new ContainerStore(parent.global.root());
        String id = store.resolve(container);
        int lines = parseTail(tail);
        PrintStream out = System.out, err = System.err;
        new LogReader(store).read(id, lines, follow,
                () -> store.state(id).map(Liveness::isRunning).orElse(false),
                e -> {
                    PrintStream to = e.isStderr() ? err : out;
                    String text = timestamps && e.time() != null ? e.time() + " " + e.log() : e.log();
                    to.write(text.getBytes(StandardCharsets.UTF_8), 0, text.getBytes(StandardCharsets.UTF_8).length);
                    to.flush();
                });
        return 0;
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
