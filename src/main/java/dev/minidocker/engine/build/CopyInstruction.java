package dev.minidocker.engine.build;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.image.dockerfile.Instruction;
import dev.minidocker.image.dockerfile.WordExpander;
import dev.minidocker.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * COPY and ADD as Docker checks and runs them: flags (--from, --chown, --chmod; ADD's URLs
 * refused), sources resolved and checked BEFORE anything is written (outside the context or
 * missing: refused), the destination relative to WORKDIR, a directory when it ends with '/' or
 * already is one, and several sources only into such a directory.
 */
final class CopyInstruction {
    private final StepExecutor steps;
    private final Instruction instruction;
    private final StageState state;
    private final WordExpander words;
    private final Map<String, StoredImage> built;

    CopyInstruction(StepExecutor steps, Instruction instruction, StageState state, WordExpander words,
                    Map<String, StoredImage> built) {
        this.steps = steps;
        this.instruction = instruction;
        this.state = state;
        this.words = words;
        this.built = built;
    }

    void execute() {
        String keyword = instruction.keyword();
        boolean add = keyword.equals("ADD");
        List<String> flags = new ArrayList<>();
        Instruction plain = steps.withoutFlags(instruction, flags);
        String from = null, chown = null, chmod = null;
        for (String f : flags) {
            String name = f.contains("=") ? f.substring(0, f.indexOf('=')) : f;
            String value = f.contains("=") ? words.process(f.substring(f.indexOf('=') + 1)) : "";
            switch (name) {
                case "from" -> {
                    if (add) throw new InvalidArgumentException("Unknown flag: from");
                    from = value;
                }
                case "chown" -> chown = value;
                case "chmod" -> chmod = value;
                case "link" -> { } // --link only changes how BuildKit stacks layers; the result is the same
                default -> throw new InvalidArgumentException("Unknown flag: " + name);
            }
        }
        List<String> args = new ArrayList<>();
        for (String a : plain.args()) args.add(words.process(a));
        if (args.size() < 2) throw new InvalidArgumentException(keyword + " requires at least two arguments, but got " + args.size());
        String destText = args.remove(args.size() - 1);
        String dest = "/" + BuildContext.cleanRelative(destText.startsWith("/") ? destText
                : state.config.workingDir() + "/" + destText);
        boolean destEndsWithSlash = destText.endsWith("/") || destText.equals(".") || destText.endsWith("/.");

        List<Path> sources = new ArrayList<>();
        String hash;
        Path materialized = null;
        try {
            if (from != null) {
                StoredImage source = sourceImage(from);
                materialized = Files.createTempDirectory(steps.engine().imageStore().root().resolve("tmp"), "build-from-");
                for (String src : args) sources.add(new ImageFiles(source.layerDirs()).materialize(src, materialized));
                hash = "from:" + source.imageId() + ":" + String.join(",", args);
            } else {
                for (String src : args) {
                    if (add && (src.startsWith("http://") || src.startsWith("https://") || src.startsWith("git@"))) {
                        throw new InvalidArgumentException("ADD from a URL (" + src + ") is not supported by this builder");
                    }
                    sources.addAll(steps.context().resolve(keyword, src));
                }
                hash = steps.context().hash(sources);
            }
            if (sources.size() > 1 && !destEndsWithSlash) {
                throw new InvalidArgumentException("When using " + keyword
                        + " with more than one source file, the destination must be a directory and end with a /");
            }
            ImageFiles target = new ImageFiles(StepExecutor.layers(state));
            boolean destIsDir = destEndsWithSlash || target.isDirectory(dest);
            int uid = -1, gid = -1;
            if (chown != null && !chown.isEmpty()) {
                String[] ug = chown.split(":", 2);
                uid = target.uid(ug[0]);
                gid = ug.length > 1 ? target.gid(ug[1]) : target.primaryGid(ug[0]);
            }
            int mode = -1;
            if (chmod != null && !chmod.isEmpty()) {
                if (!chmod.matches("[0-7]{3,4}")) throw new InvalidArgumentException("invalid chmod parameter: " + chmod);
                mode = Integer.parseInt(chmod, 8);
            }
            String kind = sources.size() == 1 && Files.isDirectory(sources.get(0)) ? "dir:" : "file:";
            String createdBy = StepExecutor.nop(keyword + " " + flagText(flags) + kind + hash + " in " + destText + " ");
            java.util.function.Predicate<Path> excluded = from != null ? p -> false
                    : p -> steps.context().excluded(steps.context().relative(p));
            CopyStep.Spec spec = new CopyStep.Spec(sources, dest, destIsDir, uid, gid, mode, add, target, excluded);
            steps.layerStep(state, createdBy, hash, dir -> CopyStep.stage(spec, dir));
        } catch (IOException e) {
            throw new dev.minidocker.MiniDockerException(keyword + " failed: " + e.getMessage(), e);
        } finally {
            if (materialized != null) {
                try {
                    CopyStep.deleteTree(materialized);
                } catch (IOException ignored) {
                    // tmp/ is cleaned at the next start
                }
            }
        }
    }

    private static String flagText(List<String> flags) {
        StringBuilder b = new StringBuilder();
        for (String f : flags) b.append("--").append(f).append(' ');
        return b.toString();
    }

    /** --from: a stage built before (name or number), else an image (pulled when missing). */
    private StoredImage sourceImage(String from) {
        StoredImage stage = built.get(from.toLowerCase(java.util.Locale.ROOT));
        if (stage != null) return stage;
        var existing = steps.engine().imageStore().find(from);
        if (existing.isPresent()) return existing.get();
        steps.engine().images().pull(from, null, List.of(), 3, new dev.minidocker.engine.image.PullListener() {
            @Override public void status(String layer, String status) { }
            @Override public void downloading(String layer, long done, long total) { }
            @Override public void message(String line) { }
        });
        return steps.engine().imageStore().find(from)
                .orElseThrow(() -> new InvalidArgumentException("invalid from flag value " + from + ": no such image"));
    }
}
