package dev.minidocker.cli;

import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build context the build tests share: a multi-stage Dockerfile with ARG before FROM, both RUN
 * forms, COPY --chown/--from, ADD of a local tar.gz, .dockerignore, LABEL, ENV, WORKDIR, EXPOSE,
 * USER, ENTRYPOINT+CMD; the base image comes from {@code --build-arg BASE=...}.
 * COPY --chown comes before WORKDIR on purpose: the other order is where Docker and podman differ
 * (Docker's WORKDIR creates the directory owned by root, buildah leaves it to the COPY, which
 * creates it with --chown's owner), and podman is the oracle here.
 */
final class DemoBuildContext {
    /** The output of running the demo image (ls lines filtered by {@link #runOutput}). */
    static final String RUN_OUTPUT = "hi from build\n1000 1000 a.txt\n1000 1000 sub\n0 0 f\ndefault-arg\n";

    private DemoBuildContext() {
    }

    /** Writes the context into {@code ctx} ({@code scratch}: where the tar's source is made). */
    static Path write(Path ctx, Path scratch) throws IOException {
        Files.createDirectories(ctx.resolve("src/sub"));
        Files.writeString(ctx.resolve("src/a.txt"), "hello\n");
        Files.writeString(ctx.resolve("src/sub/b.txt"), "sub\n");
        Files.writeString(ctx.resolve("src/ignored.log"), "never\n");
        Files.writeString(ctx.resolve(".dockerignore"), "**/*.log\n");
        Path tarSrc = Files.createDirectories(scratch.resolve("tarsrc/d"));
        Files.writeString(tarSrc.resolve("f"), "intar\n");
        Tools.run(List.of("tar", "-C", scratch.resolve("tarsrc").toString(), "-czf", ctx.resolve("arch.tar.gz").toString(), "d"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                # syntax=docker/dockerfile:1
                ARG BASE=busybox
                FROM ${BASE} AS build
                ARG GREETING=hi
                RUN echo "$GREETING from build" > /greeting && \\
                    mkdir -p /out && cp /greeting /out/
                FROM ${BASE}
                LABEL title="demo app"
                ENV APP_HOME=/app
                COPY --chown=1000:1000 src/ $APP_HOME/src/
                WORKDIR $APP_HOME
                COPY --from=build /out/greeting /app/
                ADD arch.tar.gz /opt/
                RUN ["sh", "-c", "ls -n /app/src /opt/d | tr -s ' ' | cut -d' ' -f3,4,9 > /app/listing"]
                EXPOSE 8080
                USER app
                ENTRYPOINT ["sh", "-c", "cat /app/greeting /app/listing; echo $0 $@"]
                CMD ["default-arg"]
                """);
        return ctx;
    }

    /** The run's output without ls's headers and blank lines. */
    static String runOutput(String raw) {
        return raw.replaceAll("(?m)^total.*\n", "").replaceAll("(?m)^/.*:\n", "").replaceAll("(?m)^\\s*\n", "");
    }
}
