package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.RunRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code create [OPTIONS] IMAGE [COMMAND] [ARG...]}: {@code run}'s options and arguments, but the
 * container is only made (pulled if need be, its record written) and its id printed; {@code start}
 * starts it later. Without an attach verb, -i and -t are refused here as they are for {@code run -d}.
 */
public final class CreateCommand implements Callable<Integer> {
    private CommandSpec spec;

    static CommandSpec spec() {
        CreateCommand command = new CreateCommand();
        command.spec = RunCommand.withRunOptions(command, "create",
                "Create a new container from an image, without starting it (start starts it).");
        return command.spec;
    }

    @Override
    public Integer call() {
        RunRequest request = RunCommand.request(spec, "create");
        RootPrivileges.require("create");
        if (request.interactive() || request.tty()) {
            throw new MiniDockerException("create cannot take -i or -t yet (there is no attach): use run -it");
        }
        GlobalOptions global = ((Main) spec.parent().userObject()).global;
        System.out.println(global.engine().containers().create(request, System.getenv(), System.err));
        return 0;
    }
}
