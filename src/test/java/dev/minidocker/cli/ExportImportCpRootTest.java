package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export then import runs the same files; cp out and in, both directions, stopped and running
 * containers, tar streams with "-"; symlinks in the container pointing at /etc, at / or climbing
 * with ".." never make cp read or write a host file.
 */
@RootOnly
class ExportImportCpRootTest {
    private static final String MARK = "i10wire-" + ProcessHandle.current().pid();
    @TempDir Path tmp;
    MiniDockerProcess md;
    StoreLeaks leaks;
    String image;

    @BeforeEach
    void setUp() throws Exception {
        md = new MiniDockerProcess(tmp.resolve("store"), tmp.resolve("logs"));
        leaks = StoreLeaks.watch(md.root());
        image = LocalRegistry.shared().push(TestImages.busybox(), "i10wire/base", TestImages.TAG);
    }

    @AfterEach
    void nothingLeftBehind() {
        leaks.assertNothingLeft();
        for (Path p : List.of(Path.of("/etc", MARK), Path.of("/", MARK), md.root().resolve(MARK),
                md.root().resolve("containers").resolve(MARK))) {
            assertFalse(Files.exists(p), "cp reached the host: " + p);
        }
    }

    @Test
    void exportThenImportRunsTheSameFiles() throws Exception {
        md.call("run", "--name", "src", image, "sh", "-c",
                "mkdir /data && echo hello > /data/f && chmod 640 /data/f && rm /etc/group").ok();
        Path tar = tmp.resolve("export.tar");
        md.call("export", "-o", tar.toString(), "src").ok();
        String listing = Tools.run("tar", "-tvf", tar.toString());
        assertTrue(listing.contains("data/f"), listing);
        assertFalse(listing.contains("etc/group"), listing);
        assertFalse(listing.contains(".wh."), "a merged view has no whiteouts: " + listing);

        String id = md.call("import", "-c", "CMD [\"cat\", \"/data/f\"]", "-m", "from export", tar.toString(),
                "i10wire/imported:1").ok().out().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals("hello\n", md.call("run", "--rm", "i10wire/imported:1").ok().out());
        assertEquals("-rw-r----- gone\n", md.call("run", "--rm", "i10wire/imported:1", "sh", "-c",
                "echo $(stat -c %A /data/f) $(test -e /etc/group || echo gone)").ok().out());

        MiniDockerProcess.Result fromStdin = md.callWithInput(tar, "import", "-", "i10wire/imported:2");
        assertEquals(0, fromStdin.code(), fromStdin.err());
        assertEquals("hello\n", md.call("run", "--rm", "i10wire/imported:2", "cat", "/data/f").ok().out());
        // run -r accepts the tarball itself: extracted for the container, removed with it
        assertEquals("hello\n", md.call("run", "--rm", "-r", tar.toString(), "cat", "/data/f").ok().out());
        md.call("run", "--name", "fromtar", "-r", tar.toString(), "sh", "-c", "echo changed > /data/f").ok();
        assertEquals(1, rootfsDirs(), "the stopped container keeps its extracted tree");
        md.call("rm", "fromtar").ok();
        assertEquals(0, rootfsDirs(), "rm removes the extracted tree");
        assertEquals("hello\n", Tools.run("tar", "-xOf", tar.toString(), "data/f"), "the tarball is never written");
        MiniDockerProcess.Result url = md.call("import", "http://127.0.0.1:1/x.tar");
        assertEquals(1, url.code());
        assertTrue(url.err().startsWith("mini-docker: importing from a URL is not supported"), url.err());
        md.call("rm", "src").ok();
    }

    @Test
    void cpBothWaysOnAStoppedContainerStaysInsideIt() throws Exception {
        md.call("run", "--name", "cpc", image, "sh", "-c", "mkdir -p /data/sub && echo hello > /data/f"
                + " && echo inner > /data/sub/g && ln -s /etc /data/etc-link && ln -s ../../../../../.. /data/up"
                + " && ln -s / /data/root-link && echo container-passwd > /etc/passwd").ok();
        Path out = Files.createDirectories(tmp.resolve("out"));
        md.call("cp", "cpc:/data/f", out.toString()).ok();
        assertEquals("hello\n", Files.readString(out.resolve("f")));
        md.call("cp", "cpc:/data/sub", out.resolve("renamed").toString()).ok();
        assertEquals("inner\n", Files.readString(out.resolve("renamed/g")));
        // through the symlinks: the container's /etc/passwd, never the host's
        md.call("cp", "cpc:/data/etc-link/passwd", out.resolve("p1").toString()).ok();
        assertEquals("container-passwd\n", Files.readString(out.resolve("p1")));
        md.call("cp", "cpc:/data/up/etc/passwd", out.resolve("p2").toString()).ok();
        assertEquals("container-passwd\n", Files.readString(out.resolve("p2")));
        // a symlink itself is copied as a symlink
        md.call("cp", "cpc:/data/etc-link", out.toString()).ok();
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(out.resolve("etc-link")));

        Path in = Files.writeString(tmp.resolve(MARK), "from host\n");
        md.call("cp", in.toString(), "cpc:/data/etc-link/").ok();
        md.call("cp", in.toString(), "cpc:/data/up/").ok();
        md.call("cp", in.toString(), "cpc:/data/root-link/" + MARK + "-renamed").ok();
        assertEquals("from host\n", catViaCp("cpc", "/etc/" + MARK));
        assertEquals("from host\n", catViaCp("cpc", "/" + MARK));
        assertEquals("from host\n", catViaCp("cpc", "/" + MARK + "-renamed"));

        Path tar = tmp.resolve("stream.tar");
        Tools.run("tar", "-cf", tar.toString(), "-C", tmp.toString(), "out/f");
        md.callWithInput(tar, "cp", "-", "cpc:/data").ok();
        assertEquals("hello\n", catViaCp("cpc", "/data/out/f"));
        MiniDockerProcess.Result missing = md.call("cp", "cpc:/nope", out.toString());
        assertEquals(1, missing.code());
        assertEquals("mini-docker: Could not find the file /nope in container cpc\n", missing.err());
        md.call("rm", "cpc").ok();
    }

    @Test
    void cpOnARunningContainerGoesThroughItsOwnRoot() throws Exception {
        Process runner = md.start("runner", "run", "--name", "live", image, "sh", "-c",
                "ln -s / /up && ln -s /etc /etc-link && echo live-passwd > /etc/passwd && while true; do sleep 0.1; done");
        try {
            md.awaitRunning("live");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (md.call("exec", "live", "test", "-L", "/etc-link").code() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Path in = Files.writeString(tmp.resolve(MARK), "into running\n");
            md.call("cp", in.toString(), "live:/etc-link/").ok();
            md.call("cp", in.toString(), "live:/up/tmp/").ok();
            assertEquals("into running\n", md.call("exec", "live", "cat", "/etc/" + MARK).ok().out());
            assertEquals("into running\n", md.call("exec", "live", "cat", "/tmp/" + MARK).ok().out());
            Path out = Files.createDirectories(tmp.resolve("out"));
            md.call("cp", "live:/up/etc/passwd", out.resolve("p").toString()).ok();
            assertEquals("live-passwd\n", Files.readString(out.resolve("p")));
        } finally {
            md.call("rm", "-f", "live");
            runner.waitFor();
        }
    }

    private long rootfsDirs() throws Exception {
        try (var s = Files.list(md.root().resolve("containers"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".rootfs")).count();
        }
    }

    /** A file of the container through cp's tar stream. */
    private String catViaCp(String container, String path) throws Exception {
        Path tar = md.callToFile("cp", container + ":" + path, "-");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Tools.run("tar", "-xOf", tar.toString(), name);
    }
}
