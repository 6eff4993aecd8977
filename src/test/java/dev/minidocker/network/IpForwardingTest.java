package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ip_forward is restored by prune to what it was before mini-docker first set it, and only then. */
class IpForwardingTest {
    @TempDir
    Path dir;

    IpForwarding forwarding(String initial) throws Exception {
        Files.writeString(dir.resolve("ip_forward"), initial + "\n");
        return new IpForwarding(dir.resolve("ip_forward"), dir.resolve("run/ip_forward.saved"));
    }

    String value() throws Exception {
        return Files.readString(dir.resolve("ip_forward")).strip();
    }

    @Test
    void offIsSavedOnceAndRestored() throws Exception {
        IpForwarding f = forwarding("0");
        f.enable();
        assertEquals("1", value());
        f.enable(); // a second bridge finds it on and saves nothing over the first value
        assertEquals("0", Files.readString(dir.resolve("run/ip_forward.saved")));
        f.restore();
        assertEquals("0", value());
        assertFalse(Files.exists(dir.resolve("run/ip_forward.saved")));
        f.restore(); // a second prune changes nothing
        assertEquals("0", value());
    }

    @Test
    void anAdministratorsOnIsLeftAlone() throws Exception {
        IpForwarding f = forwarding("1");
        f.enable();
        assertFalse(Files.exists(dir.resolve("run/ip_forward.saved")));
        f.restore();
        assertEquals("1", value());
    }

    @Test
    void aValueSetOffAgainWhileSavedIsStillRestoredToTheFirstSavedValue() throws Exception {
        IpForwarding f = forwarding("0");
        f.enable();
        Files.writeString(dir.resolve("ip_forward"), "0"); // someone turned it off meanwhile
        f.enable();
        assertEquals("1", value());
        f.restore();
        assertEquals("0", value());
    }
}
