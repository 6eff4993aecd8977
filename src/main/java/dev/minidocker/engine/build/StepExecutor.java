package dev.minidocker.engine.build;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.image.Digest;
import dev.minidocker.image.dockerfile.Instruction;
import dev.minidocker.image.dockerfile.InstructionParser;
import dev.minidocker.image.dockerfile.WordExpander;
import dev.minidocker.image.store.ImageCommitter;
import dev.minidocker.image.store.ImageCreator;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.NewImage;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.image.store.TempDirs;
import dev.minidocker.json.JsonWriter;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.dockerfile.StageConfig;
import dev.minidocker.runtime.container.ContainerCommit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One build step after FROM: its result is a new untagged image on top of the stage's current
 * one, taken from the cache when the same parent, instruction, args, config (and, for COPY/ADD,
 * source content) made one before. RUN runs as a container of this project (the same start path
 * as {@code run}) whose upper directory becomes the layer (i10's commit path); COPY/ADD stage
 * their files and commit that directory; WORKDIR adds a layer only when it creates the
 * directory; every other instruction changes only the config.
 */
final class StepExecutor {
    private final Engine engine;
    private final ImageStore store;
    private final BuildContext context;
    private final BuildRequest request;
    private final BuildOutput out;
    private final char escape;
    private final BuildCache cache;

    StepExecutor(Engine engine, BuildContext context, BuildRequest request, BuildOutput out, char escape) {
        this.engine = engine;
        this.store = engine.imageStore();
        this.context = context;
        this.request = request;
        this.out = out;
        this.escape = escape;
        this.cache = new BuildCache(store);
    }

    void execute(Instruction i, StageState s, Map<String, StoredImage> built) {
        WordExpander words = new WordExpander(escape, s::variable);
        switch (i.keyword()) {
            case "RUN" -> run(i, s);
            case "COPY", "ADD" -> new CopyInstruction(this, i, s, words, built).execute();
            case "ARG" -> configOnly(s, "ARG " + i.rest());
            case "WORKDIR" -> {
                s.config.apply(i, words);
                String dir = s.config.workingDir();
                if (new ImageFiles(layers(s)).isDirectory(dir)) {
                    configOnly(s, "WORKDIR " + dir);
                } else {
                    String createdBy = nop("WORKDIR " + dir);
                    layerStep(s, createdBy, "", staging -> CopyStep.stage(
                            new CopyStep.Spec(List.of(), dir, true, -1, -1, -1, false, new ImageFiles(layers(s)), p -> false), staging));
                }
            }
            case "FROM" -> throw new IllegalStateException("FROM is a stage, not a step");
            default -> {
                s.config.apply(i, words);
                configOnly(s, i.keyword() + " " + i.rest());
            }
        }
    }

    static List<Path> layers(StageState s) {
        return s.image == null ? List.of() : s.image.layerDirs();
    }

    static String nop(String text) {
        return "/bin/sh -c #(nop) " + text;
    }

    private void configOnly(StageState s, String text) {
        String createdBy = nop(text);
        String key = key(s, createdBy, "");
        if (hit(key, s)) return;
        Digest id = new ImageCreator(store).create(newImage(s, createdBy), List.of(), s.config.extras());
        done(key, id, s);
    }

    private void run(Instruction i, StageState s) {
        String rest = i.rest();
        if (!i.json() && rest.startsWith("--")) {
            String flag = rest.split("[\\s=]", 2)[0];
            throw new InvalidArgumentException("RUN " + flag + " is not supported by this builder (it needs BuildKit)");
        }
        if (s.image == null) throw new InvalidArgumentException("RUN in a stage FROM scratch: there is no shell to run it");
        List<String> argv = s.config.command(i);
        List<String> argEnv = s.argEnv();
        String createdBy = (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " ")
                + String.join(" ", argv);
        String key = key(s, createdBy, "");
        if (hit(key, s)) return;
        String shortId = HexFormat.of().formatHex(randomBytes());
        String name = "minidocker-build-" + shortId;
        out.stream(" ---> Running in " + shortId + "\n");
        RunRequest.Builder b = new RunRequest.Builder().name(name).image(s.image.imageId().toString()).command(argv)
                .entrypoint(List.of()).pull(PullPolicy.NEVER);
        for (String e : argEnv) b.env(e);
        if (request.network() != null && !request.network().isEmpty()) b.network(request.network());
        try {
            int code = engine.containers().runForBuild(b.build(),
                    (stream, bytes, off, len) -> out.stream(new String(bytes, off, len, StandardCharsets.UTF_8)));
            if (code != 0) {
                throw new BuildStepFailedException("The command '" + String.join(" ", argv)
                        + "' returned a non-zero code: " + code, code);
            }
            NewImage image = newImage(s, createdBy);
            Digest id = new ContainerCommit(engine.containerStore(), engine.cgroups()).withChanges(name, false,
                    source -> new ImageCommitter(store).commit(source.upperDir(), image, s.config.extras()).imageId());
            done(key, id, s);
        } finally {
            try {
                engine.containers().remove(name, true);
                out.stream("Removing intermediate container " + shortId + "\n");
            } catch (RuntimeException notCreated) {
                // the container never came to be
            }
        }
    }

    /** Something that fills the staging directory of a layer step. */
    interface Stager {
        void stage(Path dir) throws IOException;
    }

    /** A step whose layer is a directory this process writes (COPY, ADD, WORKDIR). */
    void layerStep(StageState s, String createdBy, String contentHash, Stager stager) {
        String key = key(s, createdBy, contentHash);
        if (hit(key, s)) return;
        try (TempDirs.TempDir tmp = store.temp().create("build-layer")) {
            Path dir = tmp.path().resolve("layer");
            java.nio.file.Files.createDirectory(dir);
            stager.stage(dir);
            Digest id = new ImageCommitter(store).commit(dir, newImage(s, createdBy), s.config.extras()).imageId();
            done(key, id, s);
        } catch (IOException e) {
            throw new MiniDockerException(createdBy.replace("/bin/sh -c #(nop) ", "") + ": " + e.getMessage(), e);
        }
    }

    private String key(StageState s, String createdBy, String contentHash) {
        return BuildCache.key(s.image == null ? "scratch" : s.image.imageId().toString(), createdBy, configKey(s.config),
                contentHash, String.join("\n", s.argEnv()));
    }

    /**
     * The config a step leads to, as JSON written by hand: Jackson's first serialization of the
     * config records cost a cached build ~0.13 s of its ~0.5 s.
     */
    static String configKey(StageConfig config) {
        ImageConfig.Config c = config.config();
        return new JsonWriter().beginArray().beginObject()
                .name("User").value(c.user()).name("ExposedPorts").any(c.exposedPorts()).name("Env").strings(c.env())
                .name("Entrypoint").strings(c.entrypoint()).name("Cmd").strings(c.cmd()).name("Volumes").any(c.volumes())
                .name("WorkingDir").value(c.workingDir()).name("Labels").any(c.labels()).name("StopSignal").value(c.stopSignal())
                .endObject().any(config.extras()).endArray().toString();
    }

    private boolean hit(String key, StageState s) {
        if (request.noCache()) return false;
        var cached = cache.lookup(key);
        if (cached.isEmpty()) return false;
        out.stream(" ---> Using cache\n");
        s.image = cached.get();
        return true;
    }

    private void done(String key, Digest id, StageState s) {
        s.image = store.find(id.toString()).orElseThrow(() -> new MiniDockerException("the step's image " + id + " vanished"));
        cache.remember(key, id);
    }

    private NewImage newImage(StageState s, String createdBy) {
        return new NewImage(s.image, createdBy, null, s.config.maintainer(), c -> s.config.config(),
                engine.clock().instant(), null);
    }

    /** Re-parses an instruction's text after its --flags (COPY --chown=1 ["a", "b"] is still JSON). */
    Instruction withoutFlags(Instruction i, List<String> flags) {
        return withoutFlags(i, flags, escape);
    }

    static Instruction withoutFlags(Instruction i, List<String> flags, char escape) {
        String rest = i.rest();
        while (rest.startsWith("--")) {
            int end = 0;
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) end++;
            flags.add(rest.substring(2, end));
            rest = rest.substring(end).stripLeading();
        }
        return new InstructionParser(escape).parse(i.keyword() + " " + rest);
    }

    Engine engine() {
        return engine;
    }

    BuildContext context() {
        return context;
    }

    BuildRequest request() {
        return request;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
