package dev.minidocker.cli.options;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.container.RunRequest;

/**
 * {@code --mount type=bind|volume|tmpfs,source=S,target=T[,readonly][,tmpfs-size=N]} as the -v and
 * --tmpfs values the planner reads (the same checks and messages). Keys as the docker CLI takes
 * them: src/source, dst/destination/target, ro/readonly.
 */
final class MountFlag {
    private MountFlag() {}

    static void apply(RunRequest.Builder b, String value) {
        String type = "volume", source = "", target = "", size = "";
        boolean readOnly = false;
        for (String field : value.split(",")) {
            int eq = field.indexOf('=');
            String k = (eq < 0 ? field : field.substring(0, eq)).strip();
            String v = eq < 0 ? "" : field.substring(eq + 1).strip();
            switch (k) {
                case "type" -> type = v;
                case "source", "src" -> source = v;
                case "target", "destination", "dst" -> target = v;
                case "readonly", "ro" -> readOnly = v.isEmpty() || v.equals("true") || v.equals("1");
                case "tmpfs-size" -> size = v;
                case "bind-propagation", "volume-nocopy", "consistency", "tmpfs-mode" -> { }
                default -> throw new MiniDockerException("invalid argument \"" + value + "\" for \"--mount\" flag: unexpected key '" + k + "' in '" + field + "'");
            }
        }
        if (target.isEmpty()) throw new MiniDockerException("invalid argument \"" + value + "\" for \"--mount\" flag: target is required");
        String mode = readOnly ? ":ro" : "";
        switch (type) {
            case "bind" -> {
                if (source.isEmpty()) throw new MiniDockerException("invalid argument \"" + value + "\" for \"--mount\" flag: source is required when type is bind");
                b.volume(source + ":" + target + mode);
            }
            case "volume" -> b.volume(source.isEmpty() ? target : source + ":" + target + mode);
            case "tmpfs" -> b.tmpfs(target, size.isEmpty() ? "" : "size=" + size);
            default -> throw new MiniDockerException("invalid argument \"" + value + "\" for \"--mount\" flag: mount type unknown: \"" + type + "\"");
        }
    }
}
