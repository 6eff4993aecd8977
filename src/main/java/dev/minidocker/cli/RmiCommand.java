package dev.minidocker.cli;

import dev.minidocker.engine.image.ImageService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rmi}: untag and delete images, then free layers no remaining image uses. Like Docker,
 * every name is tried, each failure is printed, and any failure makes the exit code 1.
 */
@Command(name = "rmi", description = "Remove one or more images.")
public final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = {"-f", "--force"}, description = "Remove even if a container uses it or it has several tags.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        ImageService service = ParentGlobals.of(parent).engine().images();
        return ExitCodes.forEach(images, name -> service.remove(name, force));
    }
}
