package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Manual benchmark (not a test): median time of start()+waitFor() for `true` in a busybox rootfs.
 * Run as root: java --enable-native-access=ALL-UNNAMED -cp target/mini-docker.jar:target/test-classes
 * dev.minidocker.runtime.process.StartBench [runs]  (MINIDOCKER_JAR=target/mini-docker.jar to use the jar and its AOT cache)
 */
public final class StartBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("md-bench");
        try {
            Path rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
            var spec = new ContainerSpec("b".repeat(64), "bench", List.of("true"), List.of("PATH=/bin"), "/", null,
                    new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                    false, false, null, null);
            var launcher = new Stage2Launcher();
            long[] startMs = new long[runs], totalMs = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                var c = launcher.start(spec, pid -> { }, Stdio.of(0, 2, 2));
                long t1 = System.nanoTime();
                c.waitFor();
                long t2 = System.nanoTime();
                startMs[i] = (t1 - t0) / 1_000_000;
                totalMs[i] = (t2 - t0) / 1_000_000;
            }
            Arrays.sort(startMs);
            Arrays.sort(totalMs);
            System.out.printf("runs=%d start() median=%d ms min=%d ms; start()+waitFor() median=%d ms min=%d ms%n",
                    runs, startMs[runs / 2], startMs[0], totalMs[runs / 2], totalMs[0]);
        } finally {
            BusyboxRootfs.delete(work);
        }
    }
}
