package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --cpu-quota} end to end in the CLI's own process: the flag lands in the container's
 * cgroup (v1 cpu.cfs_quota_us or v2 cpu.max), its record and inspect. (The same limit through the
 * Engine API and the docker client: DockerClientIsolationRootTest.)
 */
@RootOnly
class CpuQuotaRootTest {
    @TempDir
    Path tmp;

    @Test
    void theQuotaIsWrittenRecordedAndInspected() throws Exception {
        Path root = tmp.resolve("store");
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run("--root", root.toString(), "run",
                "--rm", "--name", "quota", "--network", "none", "--cpu-quota", "25000", "-r", rootfs.toString(),
                "sh", "-c", "echo up > /up; sleep 60"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(rootfs.resolve("up")) && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(Files.exists(rootfs.resolve("up")), "the container did not start");
            CliCall inspect = CliCall.run("--root", root.toString(), "inspect", "-f", "{{.Id}} {{.HostConfig.CpuQuota}}", "quota");
            assertEquals(0, inspect.code(), inspect.err());
            String[] idAndQuota = inspect.out().strip().split(" ");
            assertEquals("25000", idAndQuota[1]);
            String record = Files.readString(root.resolve("containers").resolve(idAndQuota[0]).resolve("config.json"));
            assertTrue(record.contains("\"CpuQuota\":25000"), record);
            assertEquals(List.of("25000"), quotaFiles(idAndQuota[0]));
        } finally {
            CliCall.run("--root", root.toString(), "kill", "quota");
            assertEquals(137, run.get(60, TimeUnit.SECONDS));
        }
    }

    /** The container's CFS quota as its cgroup holds it, whichever version the host runs. */
    private static List<String> quotaFiles(String id) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("/sys/fs/cgroup"), 4)) {
            return files.filter(p -> p.getParent() != null && p.getParent().endsWith(Path.of("minidocker", id)))
                    .filter(p -> p.getFileName().toString().equals("cpu.cfs_quota_us")
                            || p.getFileName().toString().equals("cpu.max"))
                    .map(p -> read(p).split(" ")[0]).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
