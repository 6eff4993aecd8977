package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonWriter;
import dev.minidocker.state.ContainerRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One resource type, unwrapped into every HostConfig shape under Docker's names. */
class ResourcesTest {
    private static final Resources SOME = TestResources.of(64L << 20, 128L << 20, 1.5, 512L, "0-1", 20L);

    @Test
    void theLeanWritersFieldsAreJacksonsOwn() throws Exception {
        for (Resources r : List.of(SOME, Resources.NONE)) {
            JsonNode jackson = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(r));
            JsonNode lean = Json.MAPPER.readTree(new JsonWriter().any(r.fields()).toString());
            assertEquals(jackson, lean);
            assertEquals(r, Json.MAPPER.treeToValue(lean, Resources.class));
        }
    }

    @Test
    void theRecordUnwrapsThemAndReadsTheCpuCountOfOlderRecords() throws Exception {
        ContainerRecord.HostConfig h = new ContainerRecord.HostConfig(SOME, List.of(), List.of(), "none", false, false, null);
        JsonNode json = Json.MAPPER.valueToTree(h);
        assertEquals(1_500_000_000L, json.get("NanoCpus").asLong());
        assertEquals(64L << 20, json.get("Memory").asLong());
        assertFalse(json.has("Cpus"));
        assertEquals(h, Json.MAPPER.treeToValue(json, ContainerRecord.HostConfig.class));
        ContainerRecord.HostConfig old = Json.MAPPER.readValue(
                "{\"Memory\":67108864,\"Cpus\":0.5,\"PidsLimit\":10,\"NetworkMode\":\"none\"}", ContainerRecord.HostConfig.class);
        assertEquals(TestResources.of(64L << 20, null, 0.5, null, "", 10L), old.resources());
    }

    @Test
    void theApiBodyIsReadCaseInsensitivelyAsDockersDaemonDoes() throws Exception {
        ContainerCreateRequest.HostConfig h = Json.MAPPER.readValue(
                "{\"memory\":8388608,\"NANOCPUS\":500000000,\"PidsLimit\":5,\"Binds\":[\"/a:/b\"]}",
                ContainerCreateRequest.HostConfig.class);
        assertEquals(TestResources.of(8L << 20, null, 0.5, null, "", 5L), h.resources());
        assertEquals(List.of("/a:/b"), h.binds());
        ContainerCreateRequest.HostConfig none = Json.MAPPER.readValue("{}", ContainerCreateRequest.HostConfig.class);
        assertEquals(Resources.NONE, none.resources());
    }

    @Test
    void deviceRulesNeverComeFromJson() throws Exception {
        Resources r = Json.MAPPER.readValue("{\"devices\":[{\"allow\":true,\"type\":\"a\",\"major\":-1,\"minor\":-1,"
                + "\"access\":\"rwm\"}],\"Devices\":[]}", Resources.class);
        assertEquals(DeviceRule.DOCKER_DEFAULT, r.devices());
        assertFalse(Json.MAPPER.valueToTree(SOME.withDevices(DeviceRule.ALLOW_ALL)).has("devices"));
    }

    @Test
    void validationSpeaksDockersMessages() {
        assertEquals("Minimum memory limit allowed is 6MB",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withMemory(1 << 20).validate(4)).getMessage());
        assertEquals("Minimum memory reservation allowed is 6MB", assertThrows(MiniDockerException.class,
                () -> Resources.NONE.withMemoryReservation(1 << 20).validate(4)).getMessage());
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withMemory(64L << 20)
                        .withMemoryReservation(128L << 20).validate(4)).getMessage());
        assertEquals("SHM size can not be less than 0",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withShmSize(-1)).getMessage());
        assertEquals("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withNanoCpus(5_000_000_000L).validate(4))
                        .getMessage());
        assertEquals("Invalid value 0-a for cpuset cpus",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withCpusetCpus("0-a").validate(4)).getMessage());
        for (String ok : List.of("0", "0-3", "0,2", "1-2,5", "10-11,13")) Resources.NONE.withCpusetCpus(ok).validate(4);
        for (String bad : List.of("-1", "1-", "1--2", "1-2-3", ",1", "1,,2", "a")) {
            assertThrows(MiniDockerException.class, () -> Resources.NONE.withCpusetCpus(bad).validate(4), bad);
        }
        Resources.NONE.withMemorySwap(-1).validate(4); // unlimited swap needs no memory limit
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)",
                assertThrows(MiniDockerException.class, () -> Resources.NONE.withCpuQuota(500).validate(4)).getMessage());
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set", assertThrows(MiniDockerException.class,
                () -> Resources.NONE.withCpuQuota(50_000).withNanoCpus(1_000_000_000L).validate(4)).getMessage());
        assertEquals(50_000, Resources.NONE.withCpuQuota(50_000).cpuQuotaMicros());
        assertTrue(Resources.NONE.withPidsLimit(-1L).normalized().pidsLimit() == null);
        assertEquals(150_000, SOME.cpuQuotaMicros());
    }
}
