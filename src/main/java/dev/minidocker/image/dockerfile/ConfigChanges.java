package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.ExposedPorts;
import dev.minidocker.model.Healthcheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The config-only instructions applied to an image config, as Docker's dispatchers do for
 * {@code commit --change} and {@code import --change} (and, later, for the same instructions of
 * a build): CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR, VOLUME, STOPSIGNAL. Arguments go
 * through {@link WordExpander} against the config's environment as it stands (an ENV earlier in the
 * list counts), except CMD and ENTRYPOINT, which are never substituted. The shell form runs under
 * {@code /bin/sh -c}. As in a build, ENTRYPOINT clears a CMD not set by these same changes.
 */
public final class ConfigChanges {
    /** What commit and import accept (Docker's validCommitCommands). */
    public static final Set<String> COMMIT_SUBSET = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "USER",
            "WORKDIR", "VOLUME", "STOPSIGNAL");
    private static final List<String> SHELL = List.of("/bin/sh", "-c");

    private ConfigChanges() {
    }

    /** Parses each of {@code changes} and checks it is in the commit subset: Docker's errors otherwise. */
    public static List<Instruction> parseCommitChanges(List<String> changes) {
        InstructionParser parser = new InstructionParser();
        List<Instruction> out = new ArrayList<>();
        for (String change : changes) {
            Instruction i = parser.parse(change);
            if (!COMMIT_SUBSET.contains(i.keyword())) {
                throw new InvalidArgumentException(i.keyword().toLowerCase(Locale.ROOT) + " is not a valid change command");
            }
            out.add(i);
        }
        return out;
    }

    /** {@code base} (may be null) with the instructions applied, in order. */
    public static ImageConfig.Config apply(ImageConfig.Config base, List<Instruction> instructions) {
        State s = new State(base);
        for (Instruction i : instructions) s.apply(i);
        return s.config();
    }

    /** The config being edited, field by field (the record is immutable). */
    private static final class State {
        String user;
        Map<String, Object> exposedPorts;
        List<String> env;
        List<String> entrypoint;
        List<String> cmd;
        Map<String, Object> volumes;
        String workingDir;
        Map<String, String> labels;
        String stopSignal;
        Healthcheck healthcheck; // no --change sets it; kept as the base has it
        boolean cmdSet;

        State(ImageConfig.Config c) {
            if (c == null) return;
            user = c.user();
            exposedPorts = c.exposedPorts() == null ? null : new LinkedHashMap<>(c.exposedPorts());
            env = c.env() == null ? null : new ArrayList<>(c.env());
            entrypoint = c.entrypoint();
            cmd = c.cmd();
            volumes = c.volumes() == null ? null : new LinkedHashMap<>(c.volumes());
            workingDir = c.workingDir();
            labels = c.labels() == null ? null : new LinkedHashMap<>(c.labels());
            stopSignal = c.stopSignal();
            healthcheck = c.healthcheck();
        }

        ImageConfig.Config config() {
            return new ImageConfig.Config(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                    healthcheck);
        }

        void apply(Instruction i) {
            WordExpander words = new WordExpander('\\', this::variable);
            switch (i.keyword()) {
                case "CMD" -> {
                    cmd = command(i);
                    cmdSet = true;
                }
                case "ENTRYPOINT" -> {
                    entrypoint = command(i);
                    if (!cmdSet) cmd = null;
                }
                case "ENV" -> {
                    for (Instruction.KeyValue kv : i.pairs()) setEnv(words.process(kv.key()), words.process(kv.value()));
                }
                case "LABEL" -> {
                    if (labels == null) labels = new LinkedHashMap<>();
                    for (Instruction.KeyValue kv : i.pairs()) labels.put(words.process(kv.key()), words.process(kv.value()));
                }
                case "EXPOSE" -> {
                    if (i.args().isEmpty()) throw new InvalidArgumentException("EXPOSE requires at least one argument");
                    if (exposedPorts == null) exposedPorts = new LinkedHashMap<>();
                    for (String a : i.args()) for (String port : ExposedPorts.expand(words.process(a))) exposedPorts.put(port, Map.of());
                }
                case "USER" -> user = words.process(one(i));
                case "WORKDIR" -> {
                    String dir = words.process(one(i));
                    workingDir = dir.startsWith("/") ? clean(dir) : clean((workingDir == null ? "/" : workingDir) + "/" + dir);
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
                default -> throw new InvalidArgumentException(i.keyword().toLowerCase(Locale.ROOT) + " is not a valid change command");
            }
        }

        private static List<String> command(Instruction i) {
            if (i.json()) return i.args();
            if (i.rest().isEmpty()) return null;
            List<String> argv = new ArrayList<>(SHELL);
            argv.add(i.rest());
            return argv;
        }

        private static String one(Instruction i) {
            if (i.rest().isEmpty()) throw new InvalidArgumentException(i.keyword() + " requires exactly one argument");
            return i.rest();
        }

        private String variable(String name) {
            if (env == null) return null;
            for (int k = env.size() - 1; k >= 0; k--) {
                String e = env.get(k);
                if (e.startsWith(name + "=")) return e.substring(name.length() + 1);
            }
            return null;
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
        private static String clean(String path) {
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
}
