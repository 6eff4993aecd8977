package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.ExposedPorts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The container config a build stage is making, and the build's metadata instructions applied to
 * it as moby's dispatchers do: CMD, ENTRYPOINT (clears a CMD not set in this stage), ENV, LABEL
 * (all pairs expanded against the variables BEFORE the instruction), EXPOSE, USER, WORKDIR
 * (relative to the current one), VOLUME, STOPSIGNAL, SHELL (JSON only; the shell form of later
 * RUN/CMD/ENTRYPOINT uses it), HEALTHCHECK (kept as Docker's JSON), ONBUILD (kept as written),
 * MAINTAINER. Variables come from the caller: the config's Env over the stage's build args.
 */
public final class StageConfig {
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private String user;
    private Map<String, Object> exposedPorts;
    private List<String> env;
    private List<String> entrypoint;
    private List<String> cmd;
    private Map<String, Object> volumes;
    private String workingDir;
    private Map<String, String> labels;
    private String stopSignal;
    private List<String> shell;
    private Object healthcheck;
    private List<String> onBuild;
    private String maintainer;
    private boolean cmdSet;
    private final boolean hadShell;
    private final boolean hadHealthcheck;

    /** From the base image's config ({@code base} may be null: scratch) and its unmodeled fields. */
    public StageConfig(ImageConfig.Config base, List<String> baseShell, Object baseHealthcheck) {
        if (base != null) {
            user = base.user();
            exposedPorts = base.exposedPorts() == null ? null : new LinkedHashMap<>(base.exposedPorts());
            env = base.env() == null ? null : new ArrayList<>(base.env());
            entrypoint = base.entrypoint();
            cmd = base.cmd();
            volumes = base.volumes() == null ? null : new LinkedHashMap<>(base.volumes());
            workingDir = base.workingDir();
            labels = base.labels() == null ? null : new LinkedHashMap<>(base.labels());
            stopSignal = base.stopSignal();
        }
        shell = baseShell;
        healthcheck = baseHealthcheck;
        hadShell = baseShell != null;
        hadHealthcheck = baseHealthcheck != null;
    }

    public ImageConfig.Config config() {
        return new ImageConfig.Config(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal);
    }

    /** The fields {@link ImageConfig.Config} does not model, by Docker's JSON names (null: leave as the parent has it). */
    public Map<String, Object> extras() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (shell != null || hadShell) out.put("Shell", shell);
        if (healthcheck != null || hadHealthcheck) out.put("Healthcheck", healthcheck);
        // ONBUILD triggers are the image's own: a child image starts without its parent's
        out.put("OnBuild", onBuild);
        return out;
    }

    public String maintainer() {
        return maintainer;
    }

    public List<String> env() {
        return env == null ? List.of() : env;
    }

    public String workingDir() {
        return workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    }

    public String user() {
        return user;
    }

    /** The argv of RUN/CMD/ENTRYPOINT: the JSON array, or the stage's SHELL followed by the command text. */
    public List<String> command(Instruction i) {
        if (i.json()) return i.args();
        List<String> argv = new ArrayList<>(shell == null ? DEFAULT_SHELL : shell);
        argv.add(i.rest());
        return argv;
    }

    /** The value of {@code name} in the config's Env, or null. */
    public String envValue(String name) {
        if (env == null) return null;
        for (int k = env.size() - 1; k >= 0; k--) {
            String e = env.get(k);
            if (e.startsWith(name + "=")) return e.substring(name.length() + 1);
        }
        return null;
    }

    /** Applies a metadata instruction; {@code variables} resolves $NAME for the ones Docker expands. */
    public void apply(Instruction i, Function<String, String> variables) {
        WordExpander words = new WordExpander('\\', variables);
        apply(i, words);
    }

    public void apply(Instruction i, WordExpander words) {
        switch (i.keyword()) {
            case "CMD" -> {
                cmd = command(i);
                cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                entrypoint = i.json() || !i.rest().isEmpty() ? command(i) : null;
                if (!cmdSet) cmd = null;
            }
            case "ENV" -> {
                List<String[]> pairs = new ArrayList<>();
                for (Instruction.KeyValue kv : i.pairs()) pairs.add(new String[] {words.process(kv.key()), words.process(kv.value())});
                for (String[] p : pairs) setEnv(p[0], p[1]);
            }
            case "LABEL" -> {
                List<String[]> pairs = new ArrayList<>();
                for (Instruction.KeyValue kv : i.pairs()) pairs.add(new String[] {words.process(kv.key()), words.process(kv.value())});
                if (labels == null) labels = new LinkedHashMap<>();
                for (String[] p : pairs) labels.put(p[0], p[1]);
            }
            case "EXPOSE" -> {
                if (i.args().isEmpty()) throw new InvalidArgumentException("EXPOSE requires at least one argument");
                if (exposedPorts == null) exposedPorts = new LinkedHashMap<>();
                for (String a : i.args()) for (String port : ExposedPorts.expand(words.process(a))) exposedPorts.put(port, Map.of());
            }
            case "USER" -> user = words.process(one(i));
            case "WORKDIR" -> {
                String dir = words.process(one(i));
                workingDir = dir.startsWith("/") ? clean(dir) : clean(workingDir() + "/" + dir);
            }
            case "VOLUME" -> {
                if (i.args().isEmpty()) throw new InvalidArgumentException("VOLUME requires at least one argument");
                if (volumes == null) volumes = new LinkedHashMap<>();
                for (String a : i.args()) {
                    String v = i.json() ? a : words.process(a);
                    if (v.isBlank()) throw new InvalidArgumentException("VOLUME specified can not be an empty string");
                    volumes.put(v, Map.of());
                }
            }
            case "STOPSIGNAL" -> stopSignal = StopSignals.check(words.process(one(i)));
            case "SHELL" -> {
                if (!i.json() || i.args().isEmpty()) throw new InvalidArgumentException("SHELL requires the arguments to be in JSON form");
                shell = i.args();
            }
            case "HEALTHCHECK" -> healthcheck = Healthchecks.parse(i.rest());
            case "ONBUILD" -> {
                String trigger = one(i).strip();
                String k = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                if (k.equals("ONBUILD")) throw new InvalidArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                if (k.equals("FROM") || k.equals("MAINTAINER")) throw new InvalidArgumentException(k + " isn't allowed as an ONBUILD trigger");
                if (onBuild == null) onBuild = new ArrayList<>();
                onBuild.add(trigger);
            }
            case "MAINTAINER" -> maintainer = one(i);
            default -> throw new InvalidArgumentException(i.keyword() + " is not a metadata instruction");
        }
    }

    private static String one(Instruction i) {
        if (i.rest().isEmpty()) throw new InvalidArgumentException(i.keyword() + " requires exactly one argument");
        return i.rest();
    }

    private void setEnv(String key, String value) {
        if (key.isEmpty()) throw new InvalidArgumentException("ENV names can not be blank");
        if (env == null) env = new ArrayList<>();
        String entry = key + "=" + value;
        for (int k = 0; k < env.size(); k++) {
            if (env.get(k).startsWith(key + "=")) {
                env.set(k, entry);
                return;
            }
        }
        env.add(entry);
    }

    /** filepath.Clean of an absolute path. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return "/" + String.join("/", parts);
    }
}
