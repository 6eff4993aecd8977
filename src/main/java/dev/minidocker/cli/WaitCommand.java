package dev.minidocker.cli;

import dev.minidocker.runtime.container.ContainerWait;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker wait CONTAINER...}: blocks until each stops, prints its exit code. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes.")
public final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        ContainerStore store = new ContainerStore(parent.global.root());
        ContainerWait waiter = new ContainerWait(store);
        return ExitCodes.forEach(containers, c -> List.of(Integer.toString(waiter.await(store.resolve(c)))));
    }
}
