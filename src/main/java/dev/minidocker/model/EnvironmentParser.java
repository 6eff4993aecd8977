package dev.minidocker.model;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** -e / --env-file parsing and the KEY=VALUE merge, with Docker's rules. */
public final class EnvironmentParser {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EnvironmentParser() {}

    /** {@code K=V} stays; a bare {@code K} takes the host's value and is dropped when the host has none. */
    public static List<String> fromFlag(List<String> values, Map<String, String> hostEnv) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq == 0) throw new MiniDockerException("invalid argument \"" + v + "\" for \"-e, --env\" flag: invalid environment variable: " + v);
            if (eq > 0) {
                out.add(v);
            } else if (hostEnv.containsKey(v)) {
                out.add(v + "=" + hostEnv.get(v));
            }
        }
        return out;
    }

    /** One env file: blank lines and '#' comments skipped, {@code K} alone takes the host's value. */
    public static List<String> fromFile(Path file, Map<String, String> hostEnv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MiniDockerException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new MiniDockerException("read env file " + file + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            String trimmed = line.stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            int eq = trimmed.indexOf('=');
            String key = eq >= 0 ? trimmed.substring(0, eq) : trimmed.stripTrailing();
            if (key.isEmpty()) throw new MiniDockerException("invalid env file (" + file + "): variable without name on line " + (i + 1));
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw new MiniDockerException("invalid env file (" + file + "): variable '" + key + "' contains whitespaces");
            }
            if (eq >= 0) {
                out.add(key + "=" + trimmed.substring(eq + 1));
            } else if (hostEnv.containsKey(key)) {
                out.add(key + "=" + hostEnv.get(key));
            }
        }
        return out;
    }

    /** Later entries replace earlier ones with the same key; the first position of a key is kept. */
    public static List<String> merge(List<String> base, List<String> overrides) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (List<String> list : List.of(base, overrides)) {
            for (String kv : list) {
                int eq = kv.indexOf('=');
                if (eq <= 0) continue; // a bare key has no value to give the container
                byKey.put(kv.substring(0, eq), kv);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * The container's final environment, Docker's order: PATH default and HOSTNAME (and TERM with a
     * tty) first, then the image's Env, then the user's -e / --env-file entries.
     */
    public static List<String> containerEnv(List<String> imageEnv, List<String> userEnv, String hostname, boolean tty) {
        List<String> daemon = new ArrayList<>(List.of("PATH=" + DEFAULT_PATH, "HOSTNAME=" + hostname));
        if (tty) daemon.add("TERM=xterm");
        return merge(merge(daemon, imageEnv == null ? List.of() : imageEnv), userEnv);
    }
}
