package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mini-docker build} end to end with the real CLI: a multi-stage Dockerfile (ARG before
 * FROM, RUN both forms, COPY --chown/--from, ADD of a tar, .dockerignore, USER, ENTRYPOINT+CMD)
 * builds and runs; a rebuild uses the cache for every step; a changed file invalidates its COPY
 * and what follows only; --build-arg changes the result; a failing RUN or a missing source leaves
 * no tag and no container; ^C during a RUN leaves no container, mount or cgroup.
 */
@RootOnly
class BuildRootTest {
    @TempDir Path tmp;
    MiniDockerProcess md;
    StoreLeaks leaks;
    String base;
    Path ctx;

    @BeforeEach
    void setUp() throws Exception {
        md = new MiniDockerProcess(tmp.resolve("store"), tmp.resolve("logs"));
        leaks = StoreLeaks.watch(md.root());
        base = LocalRegistry.shared().push(TestImages.busybox(), "i11build/base", TestImages.TAG);
        ctx = DemoBuildContext.write(tmp.resolve("ctx"), tmp);
    }

    @AfterEach
    void nothingLeftBehind() {
        leaks.assertNothingLeft();
    }

    @Test
    void buildsRunsCachesAndInvalidatesOnlyWhatChanged() throws Exception {
        MiniDockerProcess.Result first = md.call("build", "--build-arg", "BASE=" + base, "-t", "i11/demo:1", ctx.toString()).ok();
        assertTrue(first.out().contains("Step 1/16 : ARG BASE="), first.out());
        assertTrue(first.out().matches("(?s).*Successfully built [0-9a-f]{12}\nSuccessfully tagged i11/demo:1\n"), first.out());
        assertFalse(first.out().contains("Using cache"), first.out());
        String run = md.call("run", "--rm", "i11/demo:1").ok().out();
        assertEquals(DemoBuildContext.RUN_OUTPUT, DemoBuildContext.runOutput(run));
        String user = md.call("image", "inspect", "-f", "{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}}",
                "i11/demo:1").ok().out().strip();
        assertEquals("app /app {\"8080/tcp\":{}}", user);

        MiniDockerProcess.Result again = md.call("build", "--build-arg", "BASE=" + base, "-t", "i11/demo:1", ctx.toString()).ok();
        // every step but ARG-before-FROM and the two FROMs
        assertEquals(13, count(again.out(), " ---> Using cache"), again.out());

        Files.writeString(ctx.resolve("src/a.txt"), "changed\n");
        MiniDockerProcess.Result changed = md.call("build", "--build-arg", "BASE=" + base, "-t", "i11/demo:2", ctx.toString()).ok();
        String before = changed.out().substring(0, changed.out().indexOf("COPY --chown"));
        String after = changed.out().substring(changed.out().indexOf("COPY --chown"));
        assertEquals(4, count(before, "Using cache"), changed.out());
        assertEquals(0, count(after, "Using cache"), changed.out());

        MiniDockerProcess.Result arg = md.call("build", "-q", "--build-arg", "GREETING=bonjour", "--build-arg", "BASE=" + base, "-t", "i11/demo:3",
                ctx.toString()).ok();
        assertTrue(arg.out().strip().matches("sha256:[0-9a-f]{64}"), arg.out());
        assertTrue(md.call("run", "--rm", "i11/demo:3").ok().out().startsWith("bonjour from build\n"));
    }

    @Test
    void aFailingRunOrAMissingSourceLeavesNoTag() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo before\nRUN exit 3\n");
        MiniDockerProcess.Result failed = md.call("build", "-t", "i11/bad:1", ctx.toString());
        assertEquals(3, failed.code(), "docker build exits with the RUN's code");
        assertTrue(failed.err().contains("The command '/bin/sh -c exit 3' returned a non-zero code: 3"), failed.err());
        assertNotEquals(0, md.call("image", "inspect", "i11/bad:1").code());

        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo ran\nCOPY src/ignored.log /x\n");
        MiniDockerProcess.Result missing = md.call("build", "-t", "i11/bad:2", ctx.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("file not found in build context or excluded by .dockerignore"), missing.err());
        assertFalse(missing.out().contains("Running in"), missing.out());

        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY ../outside /x\n");
        assertTrue(md.call("build", ctx.toString()).err().contains("forbidden path outside the build context"));

        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\n\nFOO bar\n");
        MiniDockerProcess.Result unknown = md.call("build", ctx.toString());
        assertTrue(unknown.err().contains("dockerfile parse error on line 3: unknown instruction: FOO"), unknown.err());
        assertEquals("", md.call("ps", "-aq").ok().out());
    }

    @Test
    void interruptedMidRunLeavesNoContainerMountOrCgroup() throws Exception {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo started; sleep 60\n");
        Process build = md.start("interrupted", "build", ctx.toString());
        Path out = md.logs().resolve("interrupted.out");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(out).contains("\nstarted\n")) {
            assertTrue(build.isAlive() && System.nanoTime() < deadline, "the RUN never started: " + Files.readString(out));
            Thread.sleep(50);
        }
        dev.minidocker.testing.Tools.run("kill", "-INT", Long.toString(build.pid())); // ^C
        assertTrue(build.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "build did not end on SIGINT");
        assertEquals(130, build.exitValue());
        try (var records = Files.list(md.root().resolve("containers"))) {
            assertEquals(java.util.List.of(), records.filter(p -> !p.getFileName().toString().startsWith(".")).toList(),
                    "no container record");
        }
        // StoreLeaks (after each test): the step's cgroups, mounts and processes are gone
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
