package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code network rm NETWORK...}: refuses networks that running containers use; goes on after a failure. */
@Command(name = "rm", aliases = "remove", description = "Remove one or more networks.")
public final class NetworkRmCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Parameters(paramLabel = "NETWORK", arity = "1..*")
    List<String> networks;

    @Override
    public Integer call() {
        boolean failed = false;
        for (String n : networks) {
            try {
                parent.networks().remove(n);
                System.out.println(n);
            } catch (MiniDockerException e) {
                System.out.flush();
                System.err.println("mini-docker: " + ExitCodes.oneLine(e));
                failed = true;
            }
        }
        return failed ? ExitCodes.PARTIAL_FAILURE : 0;
    }
}
