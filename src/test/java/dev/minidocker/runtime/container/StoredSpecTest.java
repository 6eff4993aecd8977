package dev.minidocker.runtime.container;

import dev.minidocker.model.DeviceRule;
import dev.minidocker.model.Resources;
import dev.minidocker.model.TestResources;
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
        StoredSpec stored = new StoredSpec(Stage2MessageTest.spec(), TestResources.of(64L << 20, null, 0.5, null, null, 10L, rules));
        stored.save(dir);
        assertEquals(stored, StoredSpec.load(dir, "c"));
        StoredSpec privileged = new StoredSpec(Stage2MessageTest.spec(),
                TestResources.of(null, null, null, null, null, null, DeviceRule.ALLOW_ALL));
        privileged.save(dir);
        assertEquals(DeviceRule.ALLOW_ALL, StoredSpec.load(dir, "c").limits().devices());
    }

    @Test
    void aStartJsonWithoutDevicesGetsDockersDefault() throws Exception {
        new StoredSpec(Stage2MessageTest.spec(), Resources.NONE).save(dir);
        Path file = dir.resolve("start.json");
        String json = Files.readString(file);
        int at = json.indexOf(",\"devices\":");
        assertTrue(at > 0, json);
        // As written before device rules existed: nothing after the limits.
        Files.writeString(file, json.substring(0, at) + "}");
        assertEquals(DeviceRule.DOCKER_DEFAULT, StoredSpec.load(dir, "c").limits().devices());
    }

    /** A start.json written before the limits were Docker's Resources (flag units, devices inside). */
    @Test
    void aStartJsonOfTheFlagShapedLimitsIsStillRead() throws Exception {
        new StoredSpec(Stage2MessageTest.spec(), Resources.NONE).save(dir);
        Path file = dir.resolve("start.json");
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) dev.minidocker.json.Json.MAPPER.readTree(file.toFile());
        root.remove("devices");
        root.set("limits", dev.minidocker.json.Json.MAPPER.readTree("{\"memoryBytes\":67108864,\"memorySwapBytes\":-1,"
                + "\"cpus\":0.5,\"cpuShares\":512,\"cpusetCpus\":\"0\",\"pidsLimit\":10,"
                + "\"devices\":[{\"allow\":true,\"type\":\"a\",\"major\":-1,\"minor\":-1,\"access\":\"rwm\"}]}"));
        Files.writeString(file, root.toString());
        Resources r = StoredSpec.load(dir, "c").limits();
        assertEquals(TestResources.of(64L << 20, -1L, 0.5, 512L, "0", 10L, DeviceRule.ALLOW_ALL), r);
    }
}
