package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code version}, docker's verb for it, answers as --version does, in the layout of docker's Client section. */
class VersionCommandTest {
    @Test
    void versionPrintsTheClientSection() throws Exception {
        CliCall v = CliCall.run("version");
        assertEquals(0, v.code(), v.err());
        String[] lines = v.out().split("\n");
        assertEquals("Client: mini-docker", lines[0]);
        assertEquals(" Java version:  " + Runtime.version(), lines[2]);
        assertEquals(" OS/Arch:       linux/" + dev.minidocker.engine.HostFacts.goArch(), lines[3]);
        assertTrue(lines[5].startsWith("Server: "), v.out()); // the daemon's, or that it is not running
        assertEquals(125, CliCall.run("version", "--bogus").code());
    }

    /** docker's version --format: a template over {Client, Server}; no daemon is an error after the output, as docker's. */
    @Test
    void versionFormatsClientAndServer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        CliCall v = CliCall.run("--root", root.toString(), "version", "--format", "{{.Client.Os}}/{{.Client.Arch}} {{.Client.Version}}");
        assertEquals("linux/" + dev.minidocker.engine.HostFacts.goArch() + " " + dev.minidocker.engine.Engine.productVersion() + "\n",
                v.out());
        assertEquals(1, v.code(), "no daemon runs for a fresh store: " + v.err());
        assertTrue(v.err().startsWith("mini-docker: no daemon runs for " + root), v.err());
    }
}
