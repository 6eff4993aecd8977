package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.RunOption;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.RunRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code create [OPTIONS] IMAGE [COMMAND] [ARG...]}: {@code run}'s options and arguments, but the
 * container is only made (pulled if need be, its record written) and its id printed; {@code start}
 * starts it later. Without an attach verb, -i and -t are refused here as they are for {@code run -d}.
 */
public final class CreateCommand implements Callable<Integer> {
    private CommandSpec spec;

    static CommandSpec spec() {
        CreateCommand command = new CreateCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("create");
        spec.usageMessage().sortOptions(false).autoWidth(true)
                .description("Create a new container from an image, without starting it (start starts it).");
        spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Show this help.").build());
        PicocliOptions.add(spec, RunOption.values());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("IMAGE [COMMAND] [ARG...]").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class)
                .description("The image, then the command and its arguments.")
                .build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        List<String> positionals = spec.positionalParameters().getFirst().getValue();
        RunRequest request = RunCommand.request(PicocliOptions.given(spec.commandLine().getParseResult(), RunOption.values()),
                positionals == null ? List.of() : positionals, "create");
        RootPrivileges.require("create");
        if (request.interactive() || request.tty()) {
            throw new MiniDockerException("create cannot take -i or -t yet (there is no attach): use run -it");
        }
        GlobalOptions global = ((Main) spec.parent().userObject()).global;
        System.out.println(global.engine().containers().create(request, System.getenv(), System.err));
        return 0;
    }
}
