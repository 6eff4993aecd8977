package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --pid, --ipc and --uts in Security: which host namespaces a container shares, in Docker's names and checks. */
class SecurityNamespacesTest {
    @Test
    void theHostModesNameTheSharedNamespaces() {
        assertEquals(List.of(), Security.NONE.hostNamespaces());
        assertEquals(List.of("pid", "uts"), Security.NONE.withUtsMode("host").withPidMode("host").hostNamespaces());
        assertEquals(List.of("ipc"), Security.NONE.withIpcMode("host").withPidMode("").hostNamespaces());
        assertEquals(List.of(), Security.NONE.withIpcMode("shareable").withPidMode("private").hostNamespaces());
        Security s = Security.NONE.withPidMode("host").withIpcMode("host").withUtsMode("host");
        assertEquals("host", s.withCapAdd("NET_ADMIN").withPrivileged(true).pidMode(), "other settings keep the modes");
        assertEquals("host", s.fields().get("UTSMode"));
    }

    @Test
    void badPidAndUtsModesFailAsTheDockerCliSaysIpcIsTheDaemonsToCheck() {
        assertEquals("--pid: invalid PID mode",
                assertThrows(InvalidArgumentException.class, () -> Security.NONE.withPidMode("bogus")).getMessage());
        assertEquals("--uts: invalid UTS mode (only host is supported): container:web",
                assertThrows(InvalidArgumentException.class, () -> Security.NONE.withUtsMode("container:web")).getMessage());
        assertFalse(Security.NONE.withIpcMode("bogus").knownIpcMode());
        assertTrue(Security.NONE.withIpcMode("private").knownIpcMode());
    }

    @Test
    void theEngineApisNamesReadIntoIt() throws Exception {
        Security s = new ObjectMapper().readValue("{\"PidMode\":\"host\",\"IpcMode\":\"host\",\"UTSMode\":\"\"}", Security.class);
        assertEquals(List.of("pid", "ipc"), s.hostNamespaces());
        assertEquals("", new ObjectMapper().readValue("{}", Security.class).pidMode());
    }
}
