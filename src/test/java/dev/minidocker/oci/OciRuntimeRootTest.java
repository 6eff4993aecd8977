package dev.minidocker.oci;

import dev.minidocker.RootOnly;
import dev.minidocker.json.JsonValues;
import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** mini-docker-runtime against runc on a bundle made by `runc spec`: output, exit codes, state JSON per phase, bad input. */
@RootOnly
class OciRuntimeRootTest {
    @TempDir Path tmp;
    private Path ours, runc, ourRoot, runcRoot, bundle;

    @BeforeEach
    void setUp() throws IOException {
        Tools.require("runc", "runc");
        ours = RuntimeProcess.wrapper(tmp);
        runc = Path.of("runc");
        ourRoot = tmp.resolve("state-ours");
        runcRoot = tmp.resolve("state-runc");
        bundle = tmp.resolve("bundle");
    }

    @AfterEach
    void noneLeft() {
        for (String id : List.of("i16oci-a", "i16oci-b")) {
            RuntimeProcess.run(RuntimeProcess.command(ours, ourRoot, "delete", "--force", id), null);
            RuntimeProcess.run(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), null);
            assertFalse(Files.exists(ourRoot.resolve(id)), "state dir of " + id + " left");
            assertEquals("", Tools.run("find", "/sys/fs/cgroup", "-name", id), "cgroup of " + id + " left");
        }
        assertFalse(Tools.run("cat", "/proc/self/mountinfo").contains(bundle.toString()), "a mount of the bundle is left");
    }

    @Test
    void runBehavesAsRunc() throws IOException {
        RuntimeProcess.makeBundle(bundle, List.of("sh", "-c", "echo hello from $(hostname) $(id -u); echo oops >&2; exit 3"));
        var mine = RuntimeProcess.run(RuntimeProcess.command(ours, ourRoot, "run", "i16oci-a"), bundle);
        var theirs = RuntimeProcess.run(List.of("runc", "--root", runcRoot.toString(), "run", "i16oci-a"), bundle);
        assertEquals(3, theirs.exit(), theirs.err());
        assertEquals(theirs.exit(), mine.exit(), mine.err());
        assertEquals("hello from runc 0\n", theirs.out());
        assertEquals(theirs.out(), mine.out());
        assertEquals(theirs.err(), mine.err());
        assertFalse(Files.exists(ourRoot.resolve("i16oci-a")));
    }

    /** A seccomp section with flags (installed through seccomp(2), not prctl): the filter works. */
    @Test
    void seccompWithFlags() throws IOException {
        RuntimeProcess.makeBundle(bundle, List.of("sh", "-c", "grep Seccomp: /proc/self/status; mkdir /dev/shm/d; echo $?"));
        String config = Files.readString(bundle.resolve("config.json"));
        Files.writeString(bundle.resolve("config.json"), config.replace("\"linux\": {", "\"linux\": {\"seccomp\": "
                + "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"], "
                + "\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]},"));
        var mine = RuntimeProcess.run(RuntimeProcess.command(ours, ourRoot, "run", "i16oci-a"), bundle);
        // (this machine's runc 1.1 says "seccomp flags are not yet supported by runc": no side-by-side)
        assertEquals("Seccomp:\t2\n1\n", mine.out(), mine.err());
        assertEquals(0, mine.exit());
    }

    @Test
    void hooksRunInOrderWithTheStateOnStdin() throws IOException {
        RuntimeProcess.makeBundle(bundle, List.of("true"));
        String config = Files.readString(bundle.resolve("config.json"));
        StringBuilder hooks = new StringBuilder("\"hooks\": {");
        for (String kind : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            Path out = tmp.resolve(kind + ".json");
            hooks.append(kind.equals("prestart") ? "" : ", ").append('"').append(kind).append("\": [{\"path\": \"/bin/sh\", ")
                    .append("\"args\": [\"sh\", \"-c\", \"cat > ").append(out).append("; echo ").append(kind)
                    .append(" >> ").append(tmp.resolve("order")).append("\"]}]");
        }
        Files.writeString(bundle.resolve("config.json"), config.replaceFirst("\\{", "{" + hooks + "},"));
        var r = RuntimeProcess.run(RuntimeProcess.command(ours, ourRoot, "run", "i16oci-a"), bundle);
        assertEquals(0, r.exit(), r.err());
        assertEquals("prestart\ncreateRuntime\npoststart\npoststop\n", Files.readString(tmp.resolve("order")));
        for (String kind : List.of("prestart", "poststart", "poststop")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) JsonValues.parse(Files.readAllBytes(tmp.resolve(kind + ".json")));
            assertEquals("i16oci-a", state.get("id"), kind);
            assertEquals(bundle.toString(), state.get("bundle"), kind);
        }
    }

    @Test
    void stateAtEachPhaseIsRuncs() throws Exception {
        RuntimeProcess.makeBundle(bundle, List.of("sleep", "60"));
        List<Map<String, Object>> mine = phases(ours, ourRoot), theirs = phases(runc, runcRoot);
        for (int i = 0; i < theirs.size(); i++) {
            Map<String, Object> a = theirs.get(i), b = mine.get(i);
            for (String field : a.keySet()) {
                if (field.equals("created")) continue;
                if (field.equals("pid")) {
                    assertEquals(((Number) a.get("pid")).longValue() == 0, ((Number) b.get("pid")).longValue() == 0,
                            "pid zero in phase " + i + ": runc " + a + ", ours " + b);
                    continue;
                }
                assertEquals(a.get(field), b.get(field), field + " in phase " + i + ": runc " + a + ", ours " + b);
            }
            assertEquals(a.keySet(), b.keySet(), "fields in phase " + i);
        }
    }

    /** create, start, kill: the state JSON after each; then delete, after which state fails. */
    private List<Map<String, Object>> phases(Path runtime, Path root) throws Exception {
        List<Map<String, Object>> states = new java.util.ArrayList<>();
        String id = "i16oci-a";
        var created = RuntimeProcess.run(cmd(runtime, root, "create", "--bundle", bundle.toString(), "--pid-file",
                tmp.resolve("pid").toString(), id), null);
        assertEquals(0, created.exit(), created.err());
        int pid = Integer.parseInt(Files.readString(tmp.resolve("pid")).trim());
        assertTrue(Files.exists(Path.of("/proc/" + pid)), "the pid file names a live process");
        states.add(state(runtime, root, id, "created"));
        assertEquals(0, RuntimeProcess.run(cmd(runtime, root, "start", id), null).exit());
        states.add(state(runtime, root, id, "running"));
        assertEquals(0, RuntimeProcess.run(cmd(runtime, root, "kill", id, "KILL"), null).exit());
        long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, Object> s;
        while (!"stopped".equals((s = stateOf(runtime, root, id)).get("status")) && System.nanoTime() < deadline) Thread.sleep(20);
        states.add(state(runtime, root, id, "stopped"));
        assertEquals(0, RuntimeProcess.run(cmd(runtime, root, "delete", id), null).exit());
        assertNotEquals(0, RuntimeProcess.run(cmd(runtime, root, "state", id), null).exit());
        return states;
    }

    private Map<String, Object> state(Path runtime, Path root, String id, String expected) throws IOException {
        Map<String, Object> s = stateOf(runtime, root, id);
        assertEquals(expected, s.get("status"), runtime + ": " + s);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateOf(Path runtime, Path root, String id) throws IOException {
        var r = RuntimeProcess.run(cmd(runtime, root, "state", id), null);
        assertEquals(0, r.exit(), r.err());
        return (Map<String, Object>) JsonValues.parse(r.out().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> cmd(Path runtime, Path root, String... args) {
        return RuntimeProcess.command(runtime, root, args);
    }

    /**
     * ./mini-docker-runtime's shell fast path (oci/FastPath): start and delete of a created container
     * without a JVM. The launcher is copied alone, so a fall back to the JVM would fail (no JDK found).
     */
    @Test
    void theLaunchersFastPathStartsAndDeletesWithoutAJvm() throws Exception {
        RuntimeProcess.makeBundle(bundle, List.of("sleep", "60"));
        Path alone = Files.createDirectories(tmp.resolve("alone")).resolve("mini-docker-runtime");
        Files.copy(dev.minidocker.testing.TestImages.projectRoot().resolve("mini-docker-runtime"), alone);
        assertTrue(alone.toFile().setExecutable(true));
        String id = "i16oci-a";
        var created = RuntimeProcess.run(cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), id), null);
        assertEquals(0, created.exit(), created.err());
        assertTrue(Files.exists(ourRoot.resolve(id).resolve(FastPath.FILE)));
        var started = RuntimeProcess.run(List.of(alone.toString(), "--root=" + ourRoot, "--log", tmp.resolve("log").toString(),
                "start", id), null);
        assertEquals(0, started.exit(), started.err());
        assertEquals("running", stateOf(ours, ourRoot, id).get("status"));
        assertNotEquals(0, RuntimeProcess.run(List.of(alone.toString(), "--root", ourRoot.toString(), "delete", id), null).exit(),
                "a running container is the JVM's to refuse (here: no JVM)");
        assertEquals(0, RuntimeProcess.run(cmd(ours, ourRoot, "kill", id, "KILL"), null).exit());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"stopped".equals(stateOf(ours, ourRoot, id).get("status")) && System.nanoTime() < deadline) Thread.sleep(20);
        var deleted = RuntimeProcess.run(List.of(alone.toString(), "--root", ourRoot.toString(), "delete", "--force", id), null);
        assertEquals(0, deleted.exit(), deleted.err());
        assertFalse(Files.exists(ourRoot.resolve(id)));
        // noneLeft (after each) checks that its cgroups are gone
    }

    @Test
    void badInputIsOneLineAndLeavesNothing() throws IOException {
        RuntimeProcess.makeBundle(bundle, List.of("sleep", "60"));
        String good = Files.readString(bundle.resolve("config.json"));
        refused("bundle", cmd(ours, ourRoot, "create", "--bundle", tmp.resolve("missing").toString(), "i16oci-b"));
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": ");
        refused("config.json", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-b"));
        Files.writeString(bundle.resolve("config.json"), good.replaceFirst("\"ociVersion\": \"[^\"]*\"", "\"ociVersion\": \"2.0.0\""));
        refused("ociVersion", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-b"));
        Files.writeString(bundle.resolve("config.json"), good.replace("\"type\": \"ipc\"", "\"type\": \"bogus\""));
        refused("unknown namespace type bogus", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-b"));
        Files.writeString(bundle.resolve("config.json"), good.replace("\"linux\": {", "\"linux\": {\"seccomp\": "
                + "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_DENY\"}]},"));
        refused("unknown action \"SCMP_ACT_DENY\"", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-b"));
        Files.writeString(bundle.resolve("config.json"), good);
        refused("invalid container id", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "a/b"));
        assertEquals(0, RuntimeProcess.run(cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-a"), null).exit());
        refused("exists", cmd(ours, ourRoot, "create", "--bundle", bundle.toString(), "i16oci-a"));
        assertEquals("created", stateOf(ours, ourRoot, "i16oci-a").get("status"), "the existing container is untouched");
        assertEquals(0, RuntimeProcess.run(cmd(ours, ourRoot, "delete", "--force", "i16oci-a"), null).exit());
    }

    private void refused(String expected, List<String> command) {
        var r = RuntimeProcess.run(command, null);
        assertNotEquals(0, r.exit(), command + " succeeded");
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1, "one line: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(Files.exists(ourRoot.resolve("i16oci-b")), "state dir left by " + command);
        assertEquals("", Tools.run("find", "/sys/fs/cgroup", "-name", "i16oci-b"), "cgroup left by " + command);
    }
}
