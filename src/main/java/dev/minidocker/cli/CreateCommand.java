package dev.minidocker.cli;

import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.RunRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code create [OPTIONS] IMAGE [COMMAND] [ARG...]}: {@code run}'s options and arguments, but the
 * container is only made (pulled if need be, its record written) and its id printed; {@code start}
 * starts it later ({@code start -ai} with this terminal joined to it when made with -i and -t).
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
        RunCommand.checkFlags(request);
        RootPrivileges.require("create");
        GlobalOptions global = ((Main) spec.parent().userObject()).global;
        try (CidFile cid = CidFile.open(RunCommand.given(spec))) {
            String id = global.engine().containers().create(request, System.getenv(), System.err);
            if (cid != null) cid.write(id);
            System.out.println(id);
        }
        return 0;
    }
}
