package dev.minidocker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * podman as an oracle: {@code podman run --rm --network none --rootfs DIR ...} (or any command) with its own
 * throwaway storage, runc as the runtime and no default ulimits (the settings of bench/lib.sh:
 * crun refuses hybrid cgroup hosts, and the default nofile limit can exceed this host's hard limit).
 */
public final class Podman implements AutoCloseable {
    private final Path dir;
    private final Path conf;

    public Podman() throws IOException {
        Tools.require("podman", "podman");
        Tools.require("runc", "runc");
        dir = Files.createTempDirectory("md-podman");
        conf = dir.resolve("containers.conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\n"
                + "cgroup_manager = \"cgroupfs\"\nevents_logger = \"none\"\n");
    }

    /** stdout of {@code podman run --rm --network none [options] --rootfs rootfs command...}; fails on a non-zero exit. */
    public String run(Path rootfs, List<String> options, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(options);
        args.addAll(List.of("--rootfs", rootfs.toString()));
        args.addAll(List.of(command));
        return command(args);
    }

    /** stdout of {@code podman ARGS...} with this instance's storage and configuration; fails on a non-zero exit. */
    public String command(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(Map.of("CONTAINERS_CONF", conf.toString()));
        Path err = dir.resolve("stderr");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue() + "\n" + out + Files.readString(err));
        return out;
    }

    @Override
    public void close() {
        try {
            Tools.run(List.of("podman", "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString(),
                    "system", "reset", "--force"), 120);
        } catch (IllegalStateException e) {
            // the storage is deleted below either way
        }
        Tools.deleteTree(dir);
    }
}
