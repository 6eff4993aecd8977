package dev.minidocker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker unpause CONTAINER...}: thaws each paused container; prints each as given. */
@Command(name = "unpause", description = "Unpause all processes within one or more containers.")
public final class UnpauseCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Name, id or unambiguous id prefix.")
    List<String> containers;

    @Override
    public Integer call() {
        for (String c : containers) {
            ParentGlobals.of(parent).engine().containers().unpause(c);
            System.out.println(c);
        }
        return 0;
    }
}
