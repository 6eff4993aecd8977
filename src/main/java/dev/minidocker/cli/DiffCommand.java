package dev.minidocker.cli;

import dev.minidocker.engine.container.ContainerChange;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code diff CONTAINER}: the files it added (A), changed (C) and deleted (D) against its image, as docker diff. */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem.")
public final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Name, id or unambiguous id prefix.")
    String container;

    @Override
    public Integer call() throws IOException {
        StringBuilder out = new StringBuilder();
        for (ContainerChange c : ParentGlobals.of(parent).engine().containers().diff(container)) out.append(c).append('\n');
        System.out.print(out);
        System.out.flush();
        return 0;
    }
}
