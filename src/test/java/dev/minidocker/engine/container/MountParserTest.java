package dev.minidocker.engine.container;

import dev.minidocker.runtime.spec.ContainerSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountParserTest {
    @TempDir
    Path tmp;

    @Test
    void bindDefaultsToReadWrite() {
        assertEquals(new ContainerSpec.Mount("bind", tmp.toString(), "/data", List.of("rw")), MountParser.bind(tmp + ":/data/"));
        assertEquals(List.of("ro"), MountParser.bind(tmp + ":/data:ro").options());
    }

    @Test
    void missingSourceIsDockersError() {
        var e = assertThrows(MiniDockerException.class, () -> MountParser.bind("/no/such/dir:/x"));
        assertEquals("invalid mount config: bind source path does not exist: /no/such/dir", e.getMessage());
    }

    @Test
    void badSpecsAreRejected() {
        for (String bad : List.of("relative:/x", tmp + ":relative", tmp + ":/x:rx", "/only", tmp + ":/", ":/x", tmp + ":/a:ro:z")) {
            assertThrows(MiniDockerException.class, () -> MountParser.bind(bad), bad);
        }
        assertTrue(assertThrows(MiniDockerException.class, () -> MountParser.bind("rel:/x")).getMessage()
                .contains("absolute"));
    }

    @Test
    void tmpfsGetsDockerDefaultsUnlessLifted() {
        assertEquals(List.of("noexec", "nosuid", "nodev"), MountParser.tmpfs("/run").options());
        assertEquals(List.of("nosuid", "nodev", "exec", "size=1m"), MountParser.tmpfs("/run:exec,size=1m").options());
        assertThrows(MiniDockerException.class, () -> MountParser.tmpfs("run"));
    }
}
