package dev.minidocker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code load -i FILE}: import a Docker or OCI image archive, verified like a pull. */
@Command(name = "load", description = "Load images from a Docker or OCI tar archive.")
public final class LoadCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Archive to read.")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        var lines = main.global.engine().images().load(input);
        if (!quiet) lines.forEach(System.out::println);
        return 0;
    }
}
