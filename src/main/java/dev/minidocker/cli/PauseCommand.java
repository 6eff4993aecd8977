package dev.minidocker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker pause CONTAINER...}: freezes every process of each container; prints each as given. */
@Command(name = "pause", description = "Pause all processes within one or more containers.")
public final class PauseCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Name, id or unambiguous id prefix.")
    List<String> containers;

    @Override
    public Integer call() {
        for (String c : containers) {
            ParentGlobals.of(parent).engine().containers().pause(c);
            System.out.println(c);
        }
        return 0;
    }
}
