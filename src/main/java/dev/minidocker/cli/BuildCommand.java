package dev.minidocker.cli;

import dev.minidocker.engine.Engine;
import dev.minidocker.engine.build.BuildOutput;
import dev.minidocker.engine.build.BuildRequest;
import dev.minidocker.engine.build.ImageBuilder;
import dev.minidocker.engine.build.TarContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code build}: a Dockerfile into an image, with the classic builder's output. */
@Command(name = "build", description = "Build an image from a Dockerfile.")
public final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag (repeatable).")
    List<String> tags;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Name of the Dockerfile (default: PATH/Dockerfile).")
    String file;

    @Option(names = "--build-arg", paramLabel = "K=V", description = "Set build-time variables.")
    List<String> buildArgs;

    @Option(names = "--label", paramLabel = "K=V", description = "Set metadata for the image (repeatable).")
    List<String> labels;

    @Option(names = "--target", paramLabel = "STAGE", description = "Set the target build stage to build.")
    String target;

    @Option(names = "--no-cache", description = "Do not use cache when building the image.")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the image.")
    boolean pull;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success.")
    boolean quiet;

    @Option(names = "--network", paramLabel = "MODE", description = "Networking mode for the RUN instructions.")
    String network;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Platform of the FROM images (os/arch[/variant]).")
    String platform;

    @Option(names = "--rm", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Remove intermediate containers after a successful build (always).")
    boolean rm;

    @Option(names = "--force-rm", description = "Always remove intermediate containers (always).")
    boolean forceRm;

    @Parameters(index = "0", paramLabel = "PATH | -")
    String context;

    @Override
    public Integer call() {
        Engine engine = ParentGlobals.of(parent).engine();
        Map<String, String> args = new LinkedHashMap<>();
        if (buildArgs != null) {
            for (String a : buildArgs) {
                int eq = a.indexOf('=');
                if (eq < 0) args.put(a, System.getenv(a)); else args.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        if (labels != null) {
            for (String l : labels) {
                int eq = l.indexOf('=');
                labelMap.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
            }
        }
        Path cwd = Path.of("").toAbsolutePath();
        String dockerfile = file == null ? null : cwd.resolve(file).toString();
        PrintStream stdout = System.out;
        BuildOutput out = quiet ? text -> { } : text -> {
            stdout.print(text);
            stdout.flush();
        };
        String id;
        if (context.equals("-")) {
            try (TarContext tar = TarContext.extract(System.in, engine.imageStore())) {
                id = new ImageBuilder(engine).build(new BuildRequest(tar.dir(), dockerfile, tags, args, target, noCache,
                        pull, network, platform, labelMap), out);
            }
        } else {
            id = new ImageBuilder(engine).build(new BuildRequest(cwd.resolve(context), dockerfile, tags, args, target,
                    noCache, pull, network, platform, labelMap), out);
        }
        if (quiet) stdout.println(id);
        return 0;
    }
}
