package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.container.ContainerTop;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.state.ContainerStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker top CONTAINER}: the processes of its cgroup, as {@code ps -ef} shows them. */
@Command(name = "top", description = "Display the running processes of a container.")
public final class TopCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Name, id or unambiguous id prefix.")
    String container;

    @Override
    public Integer call() {
        ContainerStore store = new ContainerStore(parent.global.root());
        String id = store.resolve(container);
        if (!store.state(id).map(Liveness::isRunning).orElse(false)) {
            throw new MiniDockerException("Container " + id + " is not running");
        }
        TextTable table = new TextTable(ContainerTop.HEADER.toArray(String[]::new));
        for (List<String> row : ContainerTop.list(id)) table.add(row.toArray(String[]::new));
        System.out.print(table.render());
        System.out.flush();
        return 0;
    }
}
