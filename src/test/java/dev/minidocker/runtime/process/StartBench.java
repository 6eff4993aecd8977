package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Manual benchmark (not a test): median time of start()+waitFor() for `true` in a busybox rootfs;
 * with "warm", of the release alone (stage 2 spawned and given 2 s to boot first: the critical
 * path of a run that gets a waiting stage 2, from the spec sent to the command exec'd).
 * Run as root: java --enable-native-access=ALL-UNNAMED -cp target/mini-docker.jar:target/test-classes
 * dev.minidocker.runtime.process.StartBench [runs [warm|warm-cgroup]]  (MINIDOCKER_JAR=target/mini-docker.jar to use the jar and its AOT cache)
 */
public final class StartBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean warm = args.length > 1 && args[1].startsWith("warm");
        boolean cgroup = args.length > 1 && args[1].equals("warm-cgroup"); // in a cgroup of its own, as runs are
        var cgroups = new dev.minidocker.runtime.host.CgroupManagerFactory();
        Path work = Files.createTempDirectory("md-bench");
        try {
            Path rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
            var spec = new ContainerSpec("b".repeat(64), "bench", List.of("true"), List.of("PATH=/bin"), "/", null,
                    new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                    false, false, null, null);
            var launcher = new Stage2Launcher();
            long[] startMs = new long[runs], totalMs = new long[runs];
            for (int i = 0; i < runs; i++) {
                WaitingStage2 waiting = warm ? launcher.spawn(false, "none", Stdio.of(0, 2, 2)) : null;
                if (warm) Thread.sleep(2000);
                long t0 = System.nanoTime();
                var cg = cgroup ? cgroups.create(spec.id(), dev.minidocker.model.Resources.NONE) : null;
                var c = warm ? waiting.release(spec, pid -> cg != null ? cg.placement() : CgroupPlacement.NONE) : launcher.start(spec, pid -> { }, Stdio.of(0, 2, 2));
                long t1 = System.nanoTime();
                c.waitFor();
                long t2 = System.nanoTime();
                if (cg != null) cg.destroy();
                startMs[i] = (t1 - t0) / 100_000; // tenths of a ms
                totalMs[i] = (t2 - t0) / 100_000;
            }
            Arrays.sort(startMs);
            Arrays.sort(totalMs);
            System.out.printf("runs=%d " + (warm ? "release()" : "start()") + " median=%.1f ms min=%.1f ms; start()+waitFor() median=%.1f ms min=%.1f ms%n",
                    runs, startMs[runs / 2] / 10.0, startMs[0] / 10.0, totalMs[runs / 2] / 10.0, totalMs[0] / 10.0);
        } finally {
            BusyboxRootfs.delete(work);
        }
    }
}
