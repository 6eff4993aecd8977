package dev.minidocker.cli;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code import}: a root file system tarball (a file or - for stdin) as a one-layer image; prints its id. */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image.")
public final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTR", description = "Apply Dockerfile instruction to the created image.")
    List<String> changes;

    @Option(names = {"-m", "--message"}, paramLabel = "STRING", description = "Set commit message for imported image.")
    String message;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repoTag;

    @Override
    public Integer call() throws Exception {
        if (source.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            // mini-docker talks to no host it was not told about beyond registries: fetch it yourself
            throw new dev.minidocker.MiniDockerException("importing from a URL is not supported: download " + source
                    + " and import the file (or pipe it to import -)");
        }
        var images = ParentGlobals.of(parent).engine().images();
        String id;
        if (source.equals("-")) {
            id = images.importImage(new BufferedInputStream(System.in, 1 << 16), "-", repoTag, changes, message);
        } else {
            try (InputStream in = Files.newInputStream(Path.of(source))) {
                id = images.importImage(in, source, repoTag, changes, message);
            }
        }
        System.out.println(id);
        return 0;
    }
}
