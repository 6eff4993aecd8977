package dev.minidocker.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cp CONTAINER:SRC DEST|-} and {@code cp SRC|- CONTAINER:DEST}: files between a container
 * (running or stopped) and the host, or a tar stream with {@code -}. Paths in the container are
 * resolved inside its root: a symlink there never leads to a host file.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem.")
public final class CpCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information).")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH (not supported).")
    boolean followLink;

    @Parameters(index = "0", paramLabel = "SRC")
    String src;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    @Override
    public Integer call() throws Exception {
        if (followLink) throw new dev.minidocker.MiniDockerException("cp -L is not supported");
        var containers = ParentGlobals.of(parent).engine().containers();
        String[] from = split(src), to = split(dest);
        if (from[0] != null && to[0] != null) {
            throw new dev.minidocker.MiniDockerException("copying between containers is not supported");
        }
        if (from[0] == null && to[0] == null) {
            throw new dev.minidocker.MiniDockerException("must specify at least one container source");
        }
        if (from[0] != null) {
            if (to[1].equals("-")) {
                OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                containers.archive(from[0], from[1], null, out);
                out.flush();
            } else {
                containers.copyOut(from[0], from[1], Path.of(to[1]));
            }
        } else if (from[1].equals("-")) {
            containers.extract(to[0], to[1], System.in);
        } else {
            containers.copyIn(Path.of(from[1]), to[0], to[1]);
        }
        return 0;
    }

    /** docker's splitCpArg: {container, path}; container null for a local path ("/x", "./x", no colon). */
    static String[] split(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".") || arg.equals("-")) return new String[] {null, arg};
        int colon = arg.indexOf(':');
        if (colon <= 0) return new String[] {null, arg};
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1).isEmpty() ? "/" : arg.substring(colon + 1)};
    }
}
