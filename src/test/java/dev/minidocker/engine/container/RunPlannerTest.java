package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.engine.image.ResolvedImage;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.EnvironmentParser;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.TestResources;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.container.RunPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlannerTest {
    static final String ID = "0123456789abcdef".repeat(4);
    @TempDir
    Path tmp;
    final List<String> resolved = new ArrayList<>();

    ImageConfig.Config image(List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user) {
        return new ImageConfig.Config(user, null, env, entrypoint, cmd, null, workdir, null, null);
    }

    RunPlanner planner(ImageConfig.Config config) {
        ImageResolver images = (String ref, PullPolicy p, String platform, PrintStream progress) -> {
            resolved.add(ref);
            return new ResolvedImage("sha256:" + "a".repeat(64), config,
                    List.of(Path.of("/layers/bottom"), Path.of("/layers/top")));
        };
        return new RunPlanner(images, Map.of("HOSTVAR", "from-host"), 4, "myhost");
    }

    /** {@code run --rm IMAGE COMMAND...}, to add to. */
    static RunRequest.Builder req(String image, List<String> command) {
        return new RunRequest.Builder().autoRemove(true).image(image).command(command);
    }

    /** --entrypoint (null: not given), -e values, -w and -u. */
    static RunRequest.Builder with(RunRequest.Builder b, String entrypoint, List<String> env, String workdir, String user) {
        if (entrypoint != null) b.entrypoint(entrypoint.isEmpty() ? List.of() : List.of(entrypoint));
        if (env != null) env.forEach(b::env);
        return b.workdir(workdir).user(user);
    }

    static RunRequest.Builder publish(RunRequest.Builder b, String... ports) {
        for (String p : ports) b.publish(PortSpec.parse(p));
        return b;
    }

    RunPlan plan(ImageConfig.Config config, RunRequest.Builder r) {
        return planner(config).plan(r.build(), ID, System.err);
    }

    @Test
    void imageEntrypointAndCmdAreUsedWhenNothingIsGiven() {
        RunPlan p = plan(image(List.of("/docker-entrypoint.sh"), List.of("nginx", "-g"), null, null, null),
                req("nginx", List.of()));
        assertEquals(List.of("/docker-entrypoint.sh", "nginx", "-g"), p.config().argv());
        assertEquals(List.of("/layers/top", "/layers/bottom"), p.lowerDirs(), "overlay wants the top layer first");
        assertEquals("sha256:" + "a".repeat(64), p.image());
        assertEquals("nginx", p.imageRef());
    }

    @Test
    void userCommandReplacesCmdButKeepsEntrypoint() {
        RunPlan p = plan(image(List.of("/ep"), List.of("default"), null, null, null), req("x", List.of("ls", "-l")));
        assertEquals(List.of("/ep", "ls", "-l"), p.config().argv());
    }

    @Test
    void entrypointOverrideDropsImageCmd() {
        RunPlan p = plan(image(List.of("/ep"), List.of("default"), null, null, null),
                with(req("x", List.of()), "/bin/sh", null, null, null));
        assertEquals(List.of("/bin/sh"), p.config().argv());
        RunPlan q = plan(image(List.of("/ep"), List.of("default"), null, null, null),
                with(req("x", List.of("-c", "echo")), "/bin/sh", null, null, null));
        assertEquals(List.of("/bin/sh", "-c", "echo"), q.config().argv());
    }

    @Test
    void emptyEntrypointClearsIt() {
        RunPlan p = plan(image(List.of("/ep"), List.of("default"), null, null, null),
                with(req("x", List.of("echo", "hi")), "", null, null, null));
        assertEquals(List.of("echo", "hi"), p.config().argv());
        assertEquals(List.of(), p.config().entrypoint());
    }

    @Test
    void noCommandAtAllIsAnError() {
        var e = assertThrows(MiniDockerException.class,
                () -> plan(image(null, null, null, null, null), req("x", List.of())));
        assertEquals("No command specified", e.getMessage());
    }

    @Test
    void environmentMergesDefaultsImageAndUserInDockerOrder() {
        RunPlan p = plan(image(null, List.of("sh"), List.of("PATH=/img/bin", "A=image", "B=image"), null, null),
                with(req("x", List.of()), null, List.of("B=user", "HOSTVAR", "UNSET_ON_HOST", "C=c=d"), null, null));
        assertEquals(List.of("PATH=/img/bin", "HOSTNAME=0123456789ab", "A=image", "B=user", "HOSTVAR=from-host", "C=c=d"),
                p.env());
        assertEquals(List.of("PATH=/img/bin", "A=image", "B=user", "HOSTVAR=from-host", "C=c=d"), p.config().env());
    }

    @Test
    void pathDefaultsWhenImageHasNoneAndTtySetsTerm() {
        RunRequest.Builder r = new RunRequest.Builder().interactive(true).tty(true).hostname("box").image("x")
                .command(List.of("sh"));
        RunPlan p = plan(image(null, null, null, null, null), r);
        assertEquals(List.of("PATH=" + EnvironmentParser.DEFAULT_PATH, "HOSTNAME=box", "TERM=xterm"), p.env());
        assertEquals("box", p.config().hostname());
        assertTrue(p.config().tty());
        assertTrue(p.config().openStdin());
    }

    @Test
    void envFileEntriesComeBeforeFlagEntries() throws IOException {
        Path f = tmp.resolve("env");
        Files.writeString(f, "# comment\n\n  A=file\nB=file\nHOSTVAR\nNOT_ON_HOST\n");
        RunRequest.Builder r = with(req("x", List.of("sh")), null, List.of("B=flag"), null, null).envFile(f);
        RunPlan p = plan(image(null, null, null, null, null), r);
        assertEquals(List.of("A=file", "B=flag", "HOSTVAR=from-host"), p.config().env());
    }

    @Test
    void userAndWorkdirOverrideTheImage() {
        ImageConfig.Config img = image(null, List.of("sh"), null, "/srv", "nobody");
        RunPlan keep = plan(img, req("x", List.of()));
        assertEquals("/srv", keep.config().workingDir());
        assertEquals("nobody", keep.config().user());
        RunPlan over = plan(img, with(req("x", List.of()), null, null, "/tmp", "1000:1000"));
        assertEquals("/tmp", over.config().workingDir());
        assertEquals("1000:1000", over.config().user());
        RunPlan none = plan(image(null, List.of("sh"), null, null, null), req("x", List.of()));
        assertEquals("/", none.config().workingDir());
        assertEquals("", none.config().user());
    }

    @Test
    void relativeWorkdirIsRejectedBeforeAnyPull() {
        var e = assertThrows(MiniDockerException.class,
                () -> plan(image(null, List.of("sh"), null, null, null), with(req("x", List.of()), null, null, "rel", null)));
        assertEquals("the working directory 'rel' is invalid, it needs to be an absolute path", e.getMessage());
        assertTrue(resolved.isEmpty(), "a bad flag must not pull");
    }

    @Test
    void hostnameDefaultsToShortIdOrHostsNameWithHostNetwork() {
        assertEquals("0123456789ab", plan(image(null, List.of("sh"), null, null, null), req("x", List.of())).config().hostname());
        RunPlan p = plan(image(null, null, null, null, null), req("x", List.of("sh")).network("host"));
        assertEquals("myhost", p.config().hostname());
        assertEquals("host", p.network());
    }

    @Test
    void networkModes() {
        assertEquals("bridge", RunPlanner.network(null));
        assertEquals("bridge", RunPlanner.network("default"));
        assertEquals("none", RunPlanner.network("NONE"));
        assertEquals("container:web", RunPlanner.network("container:web"));
        assertEquals("mynet", RunPlanner.network("mynet"));
        assertTrue(assertThrows(MiniDockerException.class, () -> RunPlanner.network("bad name")).getMessage()
                .contains("invalid network name"));
    }

    @Test
    void portsArePlannedAndNeedABridge() {
        RunRequest.Builder base = new RunRequest.Builder().autoRemove(true).rootfs(tmp).command(List.of("true"));
        RunPlan p = plan(null, publish(base, "8080:80", "127.0.0.1::53/udp", "9000"));
        assertEquals(List.of("8080:80/tcp", "127.0.0.1::53/udp", ":9000/tcp"), p.hostConfig().portBindings());
        RunRequest.Builder none = publish(new RunRequest.Builder().autoRemove(true).network("none").rootfs(tmp)
                .command(List.of("true")), "8080:80");
        assertTrue(assertThrows(MiniDockerException.class, () -> plan(null, none)).getMessage()
                .contains("need a bridge network"));
        assertEquals("bridge", planner(null).plan(RunRequest.minimal(null, tmp, List.of("true")), ID, System.err).network());
    }

    @Test
    void plainRootfsNeedsNoImage() {
        RunPlan p = planner(null).plan(RunRequest.minimal(null, tmp, List.of("ls", "-l")), ID, System.err);
        assertTrue(resolved.isEmpty());
        assertEquals(tmp.toString(), p.plainRootfs());
        assertEquals(List.of(), p.lowerDirs());
        assertEquals(List.of("ls", "-l"), p.config().argv());
        assertTrue(p.autoRemove());
        assertFalse(p.config().tty());
    }

    @Test
    void limitsAndMountsArePlanned() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("data"));
        RunRequest.Builder r = new RunRequest.Builder().volume(src + ":/data:ro").tmpfs("/run", "size=64m").readOnly(true)
                .resources(TestResources.of(32L << 20, 64L << 20, 1.5, 512L, "0", 10L)).pull(PullPolicy.NEVER)
                .image("x").command(List.of("sh"));
        RunPlan p = plan(image(null, null, null, null, null), r);
        assertEquals(TestResources.of(32L << 20, 64L << 20, 1.5, 512L, "0", 10L), p.limits());
        assertEquals(List.of(new ContainerSpec.Mount("bind", src.toString(), "/data", List.of("ro")),
                new ContainerSpec.Mount("tmpfs", "tmpfs", "/run", List.of("noexec", "nosuid", "nodev", "size=64m"))),
                p.mounts());
        assertTrue(p.hostConfig().readonlyRootfs());
        assertEquals(List.of(src + ":/data:ro"), p.hostConfig().binds());
    }

    @Test
    void pullPolicyValues() {
        assertEquals(PullPolicy.MISSING, PullPolicy.parse(null));
        assertEquals(PullPolicy.ALWAYS, PullPolicy.parse("Always"));
        assertThrows(MiniDockerException.class, () -> PullPolicy.parse("sometimes"));
    }

    @Test
    void resourcesAreValidatedBeforeAnyPull() {
        var e = assertThrows(MiniDockerException.class, () -> plan(image(null, List.of("sh"), null, null, null),
                req("x", List.of()).resources(TestResources.of(1L << 20, null, null, null, null, null))));
        assertEquals("Minimum memory limit allowed is 6MB", e.getMessage());
        assertTrue(resolved.isEmpty(), "a bad flag must not pull");
        assertEquals("Conflicting options: --restart and --rm", assertThrows(MiniDockerException.class,
                () -> plan(image(null, List.of("sh"), null, null, null),
                        req("x", List.of()).restart(dev.minidocker.model.RestartPolicy.parse("always")))).getMessage());
    }

    @Test
    void exposedPortsAreTheImagesAndThePublishedOnesAndFeedInspect() {
        ImageConfig.Config web = new ImageConfig.Config(null, Map.of("80/tcp", Map.of(), "53", Map.of()), null, null,
                List.of("httpd"), null, null, null, null);
        RunPlan p = plan(web, publish(req("web", List.of()), "127.0.0.1:8080:8000", "9000/udp"));
        assertEquals(List.of("53/tcp", "80/tcp", "8000/tcp", "9000/udp"), p.config().exposedPorts());
        assertEquals(List.of("127.0.0.1:8080:8000/tcp", ":9000/udp"), p.hostConfig().portBindings());
        RunPlan all = plan(web, req("web", List.of()).publishAll(true));
        assertEquals(List.of(":53/tcp", ":80/tcp"), all.hostConfig().portBindings().stream().sorted().toList(), "-P publishes them all");
        RunPlan none = plan(image(null, List.of("true"), null, null, null), req("x", List.of()));
        assertEquals(null, none.config().exposedPorts(), "nothing exposed: no ExposedPorts, as in Docker");
    }

    @Test
    void exposeAddsToTheImagesPortsAndMinusPPublishesThem() {
        ImageConfig.Config web = new ImageConfig.Config(null, Map.of("80/tcp", Map.of()), null, null,
                List.of("httpd"), null, null, null, null);
        RunPlan p = plan(web, req("web", List.of()).expose("9000").expose("7000-7001/udp"));
        assertEquals(List.of("7000/udp", "7001/udp", "80/tcp", "9000/tcp"), p.config().exposedPorts());
        assertEquals(List.of(), p.hostConfig().portBindings() == null ? List.of() : p.hostConfig().portBindings(),
                "exposed, not published");
        RunPlan all = plan(web, req("web", List.of()).expose("9000").publishAll(true));
        assertEquals(List.of(":80/tcp", ":9000/tcp"), all.hostConfig().portBindings().stream().sorted().toList());
        assertEquals("invalid containerPort: x", assertThrows(dev.minidocker.InvalidArgumentException.class,
                () -> req("web", List.of()).expose("x")).getMessage());
        assertEquals("invalid proto: http", assertThrows(dev.minidocker.InvalidArgumentException.class,
                () -> req("web", List.of()).expose("80/http")).getMessage());
    }

    @Test
    void aHostIpThisMachineLacksFailsBeforeTheImageIsResolved() {
        MiniDockerException e = assertThrows(MiniDockerException.class,
                () -> plan(image(null, List.of("true"), null, null, null),
                        publish(req("x", List.of()), "192.0.2.1:80:80")));
        assertTrue(e.getMessage().contains("192.0.2.1 is not an address of this host"), e.getMessage());
        assertEquals(List.of(), resolved);
    }

    /** As Docker's create: a user network that does not exist fails the plan, before any record is made. */
    @Test
    void aNetworkThatDoesNotExistFailsThePlan() {
        ImageResolver images = (String ref, PullPolicy p, String platform, PrintStream progress) ->
                new ResolvedImage("sha256:" + "a".repeat(64), image(null, List.of("true"), null, null, null), List.of());
        RunPlanner planner = new RunPlanner(images, Map.of(), 4, "myhost", tmp.resolve("store"));
        MiniDockerException e = assertThrows(MiniDockerException.class,
                () -> planner.plan(req("busybox", List.of()).network("bogus").build(), ID, System.err));
        assertEquals("network bogus not found", e.getMessage());
    }

    /** --uts host takes the host's name (and refuses -h); --ipc host binds the host's /dev/shm and refuses IPC sysctls. */
    @Test
    void hostNamespacesShapeThePlan() {
        ImageConfig.Config config = image(null, List.of("true"), null, null, null);
        RunPlan uts = plan(config, req("busybox", List.of()).security(dev.minidocker.model.Security.NONE.withUtsMode("host")));
        assertEquals("myhost", uts.config().hostname());
        MiniDockerException named = assertThrows(MiniDockerException.class, () -> plan(config,
                req("busybox", List.of()).hostname("x").security(dev.minidocker.model.Security.NONE.withUtsMode("host"))));
        assertEquals("Conflicting options: hostname and the UTS mode", named.getMessage());
        RunPlan ipc = plan(config, req("busybox", List.of()).security(dev.minidocker.model.Security.NONE.withIpcMode("host")));
        assertTrue(ipc.mounts().contains(new ContainerSpec.Mount("bind", "/dev/shm", "/dev/shm", List.of("rw"))), ipc.mounts().toString());
        assertThrows(dev.minidocker.InvalidArgumentException.class, () -> plan(config, req("busybox", List.of())
                .security(dev.minidocker.model.Security.NONE.withIpcMode("host").withSysctl("kernel.shmmax=1"))));
        assertThrows(dev.minidocker.InvalidArgumentException.class, () -> plan(config, req("busybox", List.of())
                .security(dev.minidocker.model.Security.NONE.withIpcMode("bogus"))));
    }
}
