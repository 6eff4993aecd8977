package dev.minidocker.engine.build;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.image.PullListener;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.dockerfile.Dockerfile;
import dev.minidocker.image.dockerfile.DockerfileParser;
import dev.minidocker.image.dockerfile.Instruction;
import dev.minidocker.image.dockerfile.InstructionParser;
import dev.minidocker.image.dockerfile.WordExpander;
import dev.minidocker.image.store.ImageTagger;
import dev.minidocker.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code build} with the classic builder's behaviour and output: the Dockerfile is parsed whole
 * first (a syntax error runs nothing), stages run in order up to --target, each instruction is
 * "Step N/M", each step's result is an untagged image ({@link StepExecutor}) found again by the
 * cache, and only a complete build is tagged.
 */
public final class ImageBuilder {
    private final Engine engine;

    public ImageBuilder(Engine engine) {
        this.engine = engine;
    }

    /** Builds; returns the image id ("sha256:..."). Failures are exceptions; nothing is tagged then. */
    public String build(BuildRequest r, BuildOutput out) {
        BuildContext context = new BuildContext(r.context());
        Dockerfile file = DockerfileParser.parse(readDockerfile(r));
        List<Dockerfile.Stage> stages = file.stages();
        if (r.target() != null && !r.target().isEmpty()) {
            Dockerfile.Stage t = file.stage(r.target());
            if (t == null || !r.target().equalsIgnoreCase(t.name())) {
                throw new InvalidArgumentException("failed to reach build target " + r.target() + " in Dockerfile");
            }
            stages = stages.subList(0, t.index() + 1);
        }
        stages = withLabels(stages, r.labels(), file.escape());
        List<ImageReference> tags = new ArrayList<>();
        for (String t : r.tags()) tags.add(dev.minidocker.image.DockerReferences.parseTagTarget(t));
        int total = file.metaArgs().size();
        for (Dockerfile.Stage s : stages) total += 1 + s.steps().size();

        checkSources(stages, context, file.escape());
        Set<String> consumed = new LinkedHashSet<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int n = 0;
        for (Dockerfile.Line l : file.metaArgs()) {
            out.stream("Step " + (++n) + "/" + total + " : " + text(l) + "\n");
            declareArgs(l, meta, meta::get, r.buildArgs(), Map.of(), consumed);
        }
        StepExecutor steps = new StepExecutor(engine, context, r, out, file.escape());
        Map<String, StoredImage> built = new HashMap<>();
        StoredImage last = null;
        for (Dockerfile.Stage stage : stages) {
            out.stream("Step " + (++n) + "/" + total + " : " + text(stage.from()) + "\n");
            StageState state = new StageState(from(stage, meta, built, r, out), engine.imageStore());
            if (state.image != null) out.stream(" ---> " + state.image.imageId().shortHex() + "\n");
            for (Dockerfile.Line l : stage.steps()) {
                out.stream("Step " + (++n) + "/" + total + " : " + text(l) + "\n");
                if (out.cancelled()) throw new MiniDockerException("build cancelled: the client went away");
                if (l.instruction().keyword().equals("ARG")) {
                    declareArgs(l, state.args, state::variable, r.buildArgs(), meta, consumed);
                }
                steps.execute(l.instruction(), state, built);
                if (state.image != null) out.stream(" ---> " + state.image.imageId().shortHex() + "\n");
            }
            if (state.image == null) throw new InvalidArgumentException("No image was generated. Is your Dockerfile empty?");
            built.put(String.valueOf(stage.index()), state.image);
            if (stage.name() != null) built.put(stage.name(), state.image);
            last = state.image;
        }
        Set<String> unused = new TreeSet<>(r.buildArgs().keySet());
        unused.removeAll(consumed);
        unused.removeAll(PREDEFINED_ARGS);
        if (!unused.isEmpty()) out.stream("[Warning] One or more build-args " + unused.toString().replace(",", "")
                + " were not consumed\n");
        String id = last.imageId().toString();
        out.aux(id);
        out.stream("Successfully built " + last.imageId().shortHex() + "\n");
        ImageTagger tagger = new ImageTagger(engine.imageStore());
        for (ImageReference t : tags) {
            tagger.tag(id, t.toString());
            out.stream("Successfully tagged " + t.familiarName() + ":" + (t.tag() == null ? "latest" : t.tag()) + "\n");
        }
        return id;
    }

    /**
     * COPY/ADD sources from the context that need no variable are checked before any step runs,
     * so a missing one or one outside the context costs no RUN.
     */
    private static void checkSources(List<Dockerfile.Stage> stages, BuildContext context, char escape) {
        for (Dockerfile.Stage stage : stages) {
            for (Dockerfile.Line l : stage.steps()) {
                Instruction i = l.instruction();
                if (!i.keyword().equals("COPY") && !i.keyword().equals("ADD")) continue;
                List<String> flags = new ArrayList<>();
                Instruction plain = StepExecutor.withoutFlags(i, flags, escape);
                if (flags.stream().anyMatch(f -> f.startsWith("from="))) continue;
                List<String> sources = plain.args().subList(0, Math.max(0, plain.args().size() - 1));
                for (String src : sources) {
                    if (src.contains("$") || src.contains("\\") || src.contains("\"") || src.contains("'")
                            || src.contains("://")) {
                        continue;
                    }
                    context.resolve(i.keyword(), src);
                }
            }
        }
    }

    /**
     * --label as the classic builder does it: one LABEL step per label (sorted by key) at the end of
     * the last stage, its value taken literally (quoted, no variable expansion).
     */
    private static List<Dockerfile.Stage> withLabels(List<Dockerfile.Stage> stages, Map<String, String> labels, char escape) {
        if (labels.isEmpty() || stages.isEmpty()) return stages;
        Dockerfile.Stage last = stages.getLast();
        List<Dockerfile.Line> steps = new ArrayList<>(last.steps());
        InstructionParser parser = new InstructionParser(escape);
        for (String key : new TreeSet<>(labels.keySet())) {
            steps.add(new Dockerfile.Line(0, parser.parse("LABEL " + quoted(key, escape) + "=" + quoted(java.util.Objects.requireNonNullElse(labels.get(key), ""), escape))));
        }
        List<Dockerfile.Stage> out = new ArrayList<>(stages.subList(0, stages.size() - 1));
        out.add(new Dockerfile.Stage(last.index(), last.name(), last.from(), steps));
        return out;
    }

    /** A double-quoted word whose $, quotes and escapes stay literal. */
    private static String quoted(String s, char escape) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '$' || c == escape) b.append(escape);
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** Docker's predefined proxy args: never reported as unconsumed. */
    private static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    /** "ARG A=default B": declares each; --build-arg wins, then the default, then (in a stage) the meta ARG's value. */
    private static void declareArgs(Dockerfile.Line l, Map<String, String> into, java.util.function.Function<String, String> vars,
                                    Map<String, String> buildArgs, Map<String, String> meta, Set<String> consumed) {
        Instruction i = l.instruction();
        if (i.args().isEmpty()) throw new InvalidArgumentException("ARG requires at least one argument");
        WordExpander words = new WordExpander('\\', vars);
        for (String word : i.args()) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            String def = eq < 0 ? null : words.process(word.substring(eq + 1));
            String value;
            if (buildArgs.containsKey(name) && buildArgs.get(name) != null) value = buildArgs.get(name);
            else if (def != null) value = def;
            else value = meta.get(name);
            into.put(name, value);
            consumed.add(name);
        }
    }

    /** FROM's image: a previous stage, scratch, or an image of the store (pulled when missing or with --pull). */
    private StoredImage from(Dockerfile.Stage stage, Map<String, String> meta, Map<String, StoredImage> built,
                             BuildRequest r, BuildOutput out) {
        WordExpander words = new WordExpander('\\', meta::get);
        String platform = r.platform();
        String name = null;
        for (String a : stage.from().instruction().args()) {
            String w = words.process(a);
            if (w.startsWith("--platform=")) platform = w.substring("--platform=".length());
            else if (w.startsWith("--")) throw new InvalidArgumentException("FROM: unknown flag: " + w);
            else if (name == null) name = w;
        }
        if (name == null || name.isEmpty()) throw new InvalidArgumentException("FROM requires either one or three arguments");
        StoredImage stageImage = built.get(name.toLowerCase(Locale.ROOT));
        if (stageImage != null) return stageImage;
        if (name.equalsIgnoreCase("scratch")) return null;
        var existing = engine.imageStore().find(name);
        if (existing.isPresent() && !r.pull()) return existing.get();
        try {
            engine.images().pull(name, platform == null || platform.isEmpty() ? null : platform, List.of(), 3,
                    r.authFor(ImageReference.parse(name).registry()), new PullLines(out));
        } catch (RuntimeException e) {
            if (existing.isPresent()) return existing.get();
            throw e;
        }
        String pulled = name;
        return engine.imageStore().find(pulled).orElseThrow(() -> new ImageNotFoundException("No such image: " + pulled));
    }

    private static String text(Dockerfile.Line l) {
        Instruction i = l.instruction();
        String rest = i.rest();
        return i.keyword() + (rest.isEmpty() ? "" : " " + rest);
    }

    private static String readDockerfile(BuildRequest r) {
        Path p = r.dockerfile() == null || r.dockerfile().isEmpty() ? r.context().resolve("Dockerfile")
                : r.context().resolve(r.dockerfile());
        try {
            return Files.readString(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidArgumentException("Cannot locate specified Dockerfile: " + (r.dockerfile() == null ? "Dockerfile" : r.dockerfile()));
        } catch (IOException e) {
            throw new MiniDockerException("read " + p + ": " + e.getMessage(), e);
        }
    }

    /** A FROM's pull, reported as whole lines in the build's stream. */
    private record PullLines(BuildOutput out) implements PullListener {
        @Override
        public void status(String layer, String status) {
            out.stream(layer + ": " + status + "\n");
        }

        @Override
        public void downloading(String layer, long done, long total) {
        }

        @Override
        public void message(String line) {
            out.stream(line + "\n");
        }
    }
}
