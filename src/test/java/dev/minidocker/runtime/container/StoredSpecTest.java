package dev.minidocker.runtime.container;

import dev.minidocker.linux.cgroup.DeviceRule;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.spec.Stage2MessageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** start.json keeps the device rules a container was created with; older files get Docker's default. */
class StoredSpecTest {
    @TempDir Path dir;

    @Test
    void deviceRulesRoundTrip() {
        List<DeviceRule> rules = new ArrayList<>(DeviceRule.DOCKER_DEFAULT);
        rules.add(DeviceRule.parse(true, "c 10:229 rwm"));
        StoredSpec stored = new StoredSpec(Stage2MessageTest.spec(), new CgroupFactory.Limits(64L << 20, null, 0.5, null, null, 10L, rules));
        stored.save(dir);
        assertEquals(stored, StoredSpec.load(dir, "c"));
        StoredSpec privileged = new StoredSpec(Stage2MessageTest.spec(),
                new CgroupFactory.Limits(null, null, null, null, null, null, DeviceRule.ALLOW_ALL));
        privileged.save(dir);
        assertEquals(DeviceRule.ALLOW_ALL, StoredSpec.load(dir, "c").limits().devices());
    }

    @Test
    void aStartJsonWithoutDevicesGetsDockersDefault() throws Exception {
        new StoredSpec(Stage2MessageTest.spec(), CgroupFactory.Limits.NONE).save(dir);
        Path file = dir.resolve("start.json");
        String json = Files.readString(file);
        int at = json.indexOf(",\"devices\":");
        assertTrue(at > 0, json);
        // As written before device rules existed: the limits object ends after pidsLimit.
        Files.writeString(file, json.substring(0, at) + "}}");
        assertEquals(DeviceRule.DOCKER_DEFAULT, StoredSpec.load(dir, "c").limits().devices());
    }
}
