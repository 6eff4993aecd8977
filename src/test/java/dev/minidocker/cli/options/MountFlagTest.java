package dev.minidocker.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.container.RunRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --mount as the -v and --tmpfs values the planner reads. */
class MountFlagTest {
    static RunRequest of(String... mounts) {
        RunRequest.Builder b = new RunRequest.Builder().image("x");
        for (String m : mounts) MountFlag.apply(b, m);
        return b.build();
    }

    @Test
    void eachTypeBecomesItsFlag() {
        RunRequest r = of("type=bind,source=/h,target=/c,readonly", "type=volume,src=v,dst=/d", "target=/anon",
                "type=tmpfs,target=/t,tmpfs-size=1048576");
        assertEquals(List.of("/h:/c:ro", "v:/d", "/anon"), r.host().binds());
        assertEquals(Map.of("/t", "size=1048576"), r.host().tmpfs());
    }

    @Test
    void docker_s_messages() {
        assertTrue(assertThrows(MiniDockerException.class, () -> of("type=bind,target=/c")).getMessage()
                .contains("source is required when type is bind"));
        assertTrue(assertThrows(MiniDockerException.class, () -> of("type=npipe,target=/c")).getMessage()
                .contains("mount type unknown"));
        assertTrue(assertThrows(MiniDockerException.class, () -> of("source=v")).getMessage().contains("target is required"));
        assertTrue(assertThrows(MiniDockerException.class, () -> of("target=/c,colour=red")).getMessage()
                .contains("unexpected key 'colour'"));
    }
}
