package dev.minidocker.image.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.image.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** commit --change on a config: the results docker commit gives for the same changes. */
class ConfigChangesTest {
    private static final ImageConfig.Config BASE = new ImageConfig.Config(null, null,
            List.of("PATH=/usr/bin:/bin"), null, List.of("sh"), null, "/srv", null, null);

    private static ImageConfig.Config apply(String... changes) {
        return ConfigChanges.apply(BASE, ConfigChanges.parseCommitChanges(List.of(changes)));
    }

    @Test
    void commandsInBothForms() {
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), apply("CMD echo hi").cmd());
        assertEquals(List.of("echo", "hi"), apply("CMD [\"echo\",\"hi\"]").cmd());
        // ENTRYPOINT resets a CMD these changes did not set, as in a build
        ImageConfig.Config ep = apply("ENTRYPOINT [\"/bin/top\"]");
        assertEquals(List.of("/bin/top"), ep.entrypoint());
        assertNull(ep.cmd());
        assertEquals(List.of("-b"), apply("CMD [\"-b\"]", "ENTRYPOINT [\"top\"]").cmd());
    }

    @Test
    void envLabelsAndSubstitution() {
        ImageConfig.Config c = apply("ENV PATH=$PATH:/opt/bin GREETING=\"hello world\"", "ENV LEGACY a b",
                "LABEL \"com.example.v\"=\"1.0\" plain=x", "USER ${GREETING:+app}", "WORKDIR sub/../app",
                "ENV Q='$PATH'");
        assertEquals(List.of("PATH=/usr/bin:/bin:/opt/bin", "GREETING=hello world", "LEGACY=a b", "Q=$PATH"), c.env());
        assertEquals(Map.of("com.example.v", "1.0", "plain", "x"), c.labels());
        assertEquals("app", c.user());
        assertEquals("/srv/app", c.workingDir());
    }

    @Test
    void portsVolumesAndStopSignal() {
        ImageConfig.Config c = apply("EXPOSE 80 8000-8001/udp", "VOLUME /data [\"/x\"]", "VOLUME [\"/a b\"]",
                "STOPSIGNAL SIGQUIT");
        assertEquals(List.of("80/tcp", "8000/udp", "8001/udp"), List.copyOf(c.exposedPorts().keySet()));
        assertEquals(List.of("/data", "[/x]", "/a b"), List.copyOf(c.volumes().keySet()));
        assertEquals("SIGQUIT", c.stopSignal());
    }

    @Test
    void docker_sErrors() {
        assertEquals("run is not a valid change command",
                assertThrows(InvalidArgumentException.class, () -> apply("RUN true")).getMessage());
        assertEquals("Invalid signal: SIGNOPE",
                assertThrows(InvalidArgumentException.class, () -> apply("STOPSIGNAL SIGNOPE")).getMessage());
        assertEquals("invalid containerPort: abc",
                assertThrows(InvalidArgumentException.class, () -> apply("EXPOSE abc")).getMessage());
    }
}
