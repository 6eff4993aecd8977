package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of stage 2: the same java, the build's small stage-2 jar (else the same jar or
 * classes dir), flags for a fast start, and the stage-2 AOT cache when there is one
 * (target/mini-docker-stage2.aot next to the jar, or $MINIDOCKER_STAGE2_AOT). Stage 2 gets an empty environment, so nothing like
 * JAVA_TOOL_OPTIONS can print into the container's output.
 *
 * @param runtimeFiles the host files this JVM runs from (java.home, each class path entry, the AOT
 *                     cache), real paths, none inside another: {@link ReadOnlyRuntime} makes them
 *                     read-only before stage 2 is spawned
 */
record Stage2Command(String java, String classPath, String aotCache, List<String> runtimeFiles) {
    /**
     * -Xint: stage 2 runs little code, once; without JIT threads it needs about half the CPU time.
     * Nothing compiles, so the AOT cache's training profiles are not replayed either (a thread
     * fewer; with the runtime's JVM, `mini-docker-runtime create` 130 -> 127 ms, A/B, 20 rounds).
     * The diagnostic flag is ignored by JDKs without it (before 25).
     * No method handle customisation: it only helps compiled code, and the 128th downcall through
     * Native's one handle spun LambdaForms interpreted, ~1.5 ms in the middle of a run's mounts
     * (stage 2's release to execve, timed inside it: 10.2 -> 8.7 ms).
     */
    static final List<String> FAST_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-Xint", "-XX:-UsePerfData", "-Xss512k", "-XX:+DisableAttachMechanism",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining",
            // The AOT cache mapped where it was made, not relocated: ~4 ms less CPU per stage 2 (JVM
            // creation's relocation pass; 40 alternating boots: 73.5 -> 69.8 ms). Address layout
            // randomisation of this JVM's metadata buys nothing here: execve replaces the JVM.
            "-XX:ArchiveRelocationMode=0",
            "-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1", "-Xlog:disable", "-Xlog:all=off");

    static Stage2Command discover() {
        String java = System.getenv("MINIDOCKER_JAVA");
        if (java == null || java.isEmpty()) {
            java = ProcessHandle.current().info().command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        String jar = System.getenv("MINIDOCKER_JAR");
        if (jar == null || jar.isEmpty()) {
            try {
                jar = Path.of(Stage2Command.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (Exception e) {
                throw new ContainerStartException("cannot find mini-docker's own jar to start stage 2", e);
            }
        }
        // The build's stage-2 jar next to the CLI's: the same classes, minus everything stage 2
        // never loads (a small jar opens ~50 ms of CPU faster than the shaded one, see pom.xml).
        Path small = Path.of(jar).resolveSibling("mini-docker-stage2.jar");
        if (jar.endsWith(".jar") && Files.isRegularFile(small)) jar = small.toString();
        String aot = System.getenv("MINIDOCKER_STAGE2_AOT");
        if (aot == null || aot.isEmpty()) {
            Path sibling = Path.of(jar).resolveSibling("mini-docker-stage2.aot");
            aot = jar.endsWith(".jar") && Files.isRegularFile(sibling) ? sibling.toString() : null;
        } else if (!Files.isRegularFile(Path.of(aot))) {
            aot = null;
        }
        return of(java, jar, aot);
    }

    /** A stage 2 run by {@code java} from {@code classPath} (entries separated by ':'), with an optional AOT cache. */
    static Stage2Command of(String java, String classPath, String aotCache) {
        List<Path> files = new ArrayList<>();
        Path binary = realPath(java);
        Path bin = binary.getParent();
        // java.home (bin/java's grandparent): the launcher, libjvm.so, lib/modules, ... Never "/".
        Path home = bin != null && bin.getFileName() != null && bin.getFileName().toString().equals("bin")
                ? bin.getParent() : bin;
        files.add(home == null || home.getParent() == null ? binary : home);
        for (String entry : classPath.split(":")) if (!entry.isEmpty()) files.add(realPath(entry));
        if (aotCache != null) files.add(realPath(aotCache));
        return new Stage2Command(java, classPath, aotCache, outermost(files));
    }

    /** The paths not inside another one of them, each once, in order. */
    static List<String> outermost(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            boolean covered = false;
            for (Path q : paths) {
                if (q.equals(p) ? out.contains(p.toString()) : p.startsWith(q)) covered = true;
            }
            if (!covered) out.add(p.toString());
        }
        return out;
    }

    private static Path realPath(String path) {
        try {
            return Path.of(path).toRealPath();
        } catch (IOException e) {
            throw new ContainerStartException("cannot find `" + path + "` to start stage 2: " + e.getMessage(), e);
        }
    }

    List<String> argv() {
        return argv(false, null, null);
    }

    /**
     * @param diesWithParent stage 2 sets PR_SET_PDEATHSIG (Stage2Protocol.PDEATHSIG_PROPERTY)
     * @param restoreNice the nice value stage 2 returns to at release (Stage2Protocol.RESTORE_NICE_PROPERTY), or null
     * @param treeDir where stage 2 prepares its mount tree while waiting (Stage2Protocol.TREE_DIR_PROPERTY), or null
     */
    List<String> argv(boolean diesWithParent, Integer restoreNice, String treeDir) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(FAST_FLAGS);
        if (diesWithParent) argv.add("-D" + Stage2Protocol.PDEATHSIG_PROPERTY + "=true");
        if (restoreNice != null) argv.add("-D" + Stage2Protocol.RESTORE_NICE_PROPERTY + "=" + restoreNice);
        if (treeDir != null) argv.add("-D" + Stage2Protocol.TREE_DIR_PROPERTY + "=" + treeDir);
        // The JVM refuses -XX:AOTCache together with any -Xshare option.
        argv.add(aotCache != null ? "-XX:AOTCache=" + aotCache : "-Xshare:auto");
        argv.add("-cp");
        argv.add(classPath);
        argv.add(Stage2Protocol.MAIN_CLASS);
        return argv;
    }
}
