package dev.minidocker.cli;

import dev.minidocker.runtime.container.ContainerKill;
import dev.minidocker.runtime.container.SignalNames;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker kill [-s SIGNAL] CONTAINER...}: signals the container's init (default SIGKILL). */
@Command(name = "kill", description = "Kill one or more running containers.")
public final class KillCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
            description = "Signal to send to the container (default KILL).")
    String signal;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        int signo = SignalNames.parse(signal);
        ContainerStore store = new ContainerStore(parent.global.root());
        ContainerKill killer = new ContainerKill(store);
        return StopCommand.forEach(containers, c -> killer.kill(store.resolve(c), signo));
    }
}
