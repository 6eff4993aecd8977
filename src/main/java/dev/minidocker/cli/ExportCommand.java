package dev.minidocker.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code export}: a container's file system as a tar, to stdout or -o FILE (written whole or not at all). */
@Command(name = "export", description = "Export a container's filesystem as a tar archive.")
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file, instead of STDOUT.")
    Path output;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        var containers = ParentGlobals.of(parent).engine().containers();
        if (output == null) {
            if (System.console() != null && System.console().isTerminal()) {
                throw new dev.minidocker.MiniDockerException(
                        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            containers.export(container, out);
            out.flush();
            return 0;
        }
        Path tmp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            containers.export(container, out);
        } catch (Exception e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return 0;
    }
}
