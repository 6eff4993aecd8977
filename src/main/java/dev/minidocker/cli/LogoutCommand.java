package dev.minidocker.cli;

import dev.minidocker.engine.image.RegistryService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mini-docker logout [SERVER]}: forgets the stored credentials of a registry, through its
 * credential helper when one is configured; like docker, it succeeds even when there were none.
 */
@Command(name = "logout", description = "Log out from a registry (default: Docker Hub).")
public final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Directory of config.json (default: $DOCKER_CONFIG or ~/.docker).")
    Path configDir;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry, e.g. 127.0.0.1:5000.")
    String server;

    @Override
    public Integer call() {
        String registry = LoginCommand.registryOf(server);
        RegistryService registries = new RegistryService();
        spec.commandLine().getOut().println("Removing login credentials for " + RegistryService.keyFor(registry));
        spec.commandLine().getOut().flush();
        List<String> failures = registries.erase(configDir, registry);
        if (!failures.isEmpty()) {
            // docker warns and still succeeds: there may be nothing left to erase
            spec.commandLine().getErr().println("WARNING: could not erase credentials:");
            failures.forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
