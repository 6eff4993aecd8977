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
}
