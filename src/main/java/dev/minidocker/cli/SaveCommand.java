package dev.minidocker.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code save -o FILE IMAGE...}: write images as one archive that is both OCI layout and Docker format. */
@Command(name = "save", description = "Save images to a tar archive (OCI layout + Docker manifest.json).")
public final class SaveCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Archive to write.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws Exception {
        main.global.engine().images().save(images, output);
        return 0;
    }
}
