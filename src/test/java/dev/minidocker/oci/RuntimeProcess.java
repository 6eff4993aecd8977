package dev.minidocker.oci;

import dev.minidocker.testing.OciLayout;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs mini-docker-runtime (this build's classes) or runc as a separate process, as an engine does. */
final class RuntimeProcess {
    /** What one command did. */
    record Result(int exit, String out, String err) {}

    private RuntimeProcess() {}

    /** A script that runs this build's OciMain: what `podman --runtime` is given in tests. */
    static Path wrapper(Path dir) throws IOException {
        Path script = dir.resolve("mini-docker-runtime");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec " + java + " --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC "
                + "-XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " " + OciMain.class.getName()
                + " \"$@\"\n");
        script.toFile().setExecutable(true);
        return script;
    }

    /** Runs {@code command}; stdout and stderr go to files (a created container keeps its stdio open). */
    static Result run(List<String> command, Path cwd) {
        try {
            Path out = Files.createTempFile("i16oci-", ".out"), err = Files.createTempFile("i16oci-", ".err");
            try {
                Process p = new ProcessBuilder(command).directory(cwd == null ? null : cwd.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(command + ": timed out");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + ": interrupted", e);
        }
    }

    /** `runc spec` in {@code dir} and the busybox test image unpacked as its rootfs; process.terminal off. */
    static void makeBundle(Path dir, List<String> args) throws IOException {
        Files.createDirectories(dir.resolve("rootfs"));
        Tools.run(List.of("runc", "spec", "--bundle", dir.toString()));
        OciLayout image = OciLayout.read(TestImages.busybox(), TestImages.TAG);
        for (var layer : image.manifest().layers()) {
            Tools.run("tar", "-C", dir.resolve("rootfs").toString(), "-xzf", OciLayout.blob(image.dir(), layer.digest()).toString());
        }
        String config = Files.readString(dir.resolve("config.json"));
        StringBuilder argv = new StringBuilder();
        for (String a : args) argv.append(argv.length() == 0 ? "" : ", ").append(dev.minidocker.json.JsonWriter.quote(a));
        config = config.replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"args\": \\[[^\\]]*\\]", "\"args\": [" + argv.toString().replace("\\", "\\\\").replace("$", "\\$") + "]");
        Files.writeString(dir.resolve("config.json"), config);
    }

    static List<String> command(Path executable, Path root, String... args) {
        List<String> c = new ArrayList<>(List.of(executable.toString(), "--root", root.toString()));
        c.addAll(List.of(args));
        return c;
    }
}
