package dev.minidocker.api.engine;

import dev.minidocker.json.Json;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.model.ContainerCreateRequest;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each isolation field mini-docker does not implement is refused with 400 when set, and passes at
 * Docker's default; the bodies the docker CLI 28 and docker-py really send (captured, see
 * src/test/resources/api-captures) pass unchanged.
 */
class UnsupportedSettingsTest {

    /** The docker CLI's own body with one HostConfig field changed, as its flag would change it. */
    @ParameterizedTest(name = "HostConfig.{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DeviceRequests      | [{"Driver":"","Count":-1,"Capabilities":[["gpu"]]}]
            ReadonlyPaths       | []
            MaskedPaths         | []
            MaskedPaths         | ["/proc/kcore"]
            PidMode             | "container:abc"
            IpcMode             | "container:abc"
            IpcMode             | "none"
            UTSMode             | "container:abc"
            UsernsMode          | "private"
            CgroupnsMode        | "host"
            Cgroup              | "container:abc"
            Runtime             | "runsc"
            Isolation           | "hyperv"
            CgroupParent        | "other.slice"
            OomKillDisable      | true
            OomScoreAdj         | 100
            StorageOpt          | {"size":"1G"}
            CpuPeriod           | 100000
            CpuRealtimePeriod   | 1000
            CpuRealtimeRuntime  | 100
            CpusetMems          | "0"
            CpuCount            | 1
            CpuPercent          | 50
            MemorySwappiness    | 10
            KernelMemory        | 10485760
            KernelMemoryTCP     | 10485760
            BlkioWeight         | 300
            BlkioWeightDevice   | [{"Path":"/dev/sda","Weight":200}]
            BlkioDeviceReadBps  | [{"Path":"/dev/sda","Rate":1048576}]
            BlkioDeviceWriteBps | [{"Path":"/dev/sda","Rate":1048576}]
            BlkioDeviceReadIOps | [{"Path":"/dev/sda","Rate":100}]
            BlkioDeviceWriteIOps| [{"Path":"/dev/sda","Rate":100}]
            IOMaximumIOps       | 100
            IOMaximumBandwidth  | 1048576
            """)
    void aNonDefaultValueIsRefusedNamingTheField(String field, String json) throws Exception {
        ObjectNode body = capture("docker-cli-28-run-create.json");
        ((ObjectNode) body.get("HostConfig")).set(field, Json.MAPPER.readTree(json));
        ApiException e = assertThrows(ApiException.class, () -> UnsupportedSettings.check(body));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("HostConfig." + field + " = "), e.getMessage());
    }

    @ParameterizedTest(name = "HostConfig.{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Privileged        | false
            CapAdd            | null
            CapDrop           | []
            SecurityOpt       | []
            SecurityOpt       | ["seccomp=unconfined", "apparmor=unconfined", "label=disable", "no-new-privileges=false"]
            SecurityOpt       | ["seccomp:unconfined", "label:disable"]
            Devices           | []
            DeviceRequests    | null
            ReadonlyPaths     | null
            MaskedPaths       | null
            Ulimits           | null
            Sysctls           | {}
            PidMode           | "private"
            PidMode           | "host"
            IpcMode           | "private"
            IpcMode           | "shareable"
            IpcMode           | "host"
            UTSMode           | "host"
            UsernsMode        | "host"
            CgroupnsMode      | "private"
            Runtime           | "runc"
            Isolation         | "default"
            ShmSize           | 67108864
            MemorySwappiness  | -1
            MemorySwappiness  | null
            Mounts            | []
            """)
    void docker_sDefaultValuesPass(String field, String json) throws Exception {
        ObjectNode body = capture("docker-cli-28-run-create.json");
        ((ObjectNode) body.get("HostConfig")).set(field, Json.MAPPER.readTree(json));
        assertDoesNotThrow(() -> UnsupportedSettings.check(body));
    }

    @Test
    void whatTheDockerCliAndDockerPySendByDefaultPasses() throws Exception {
        assertDoesNotThrow(() -> UnsupportedSettings.check(capture("docker-cli-28-run-create.json")));
        assertDoesNotThrow(() -> UnsupportedSettings.check(capture("docker-py-5-create.json")));
    }

    /** A limit model/Resources implements is accepted, with no rule to remove here (--cpu-quota was one). */
    @Test
    void theLimitsResourcesImplementAreAccepted() throws Exception {
        ObjectNode body = capture("docker-cli-28-run-create.json");
        ((ObjectNode) body.get("HostConfig")).put("CpuQuota", 50000).put("Memory", 64L << 20);
        UnsupportedSettings.check(body);
    }

    @Test
    void unknownFieldsAreStillAccepted() throws Exception {
        ObjectNode body = capture("docker-py-5-create.json");
        body.put("SomeFutureField", "x");
        ((ObjectNode) body.get("HostConfig")).put("AnotherFutureField", true);
        assertDoesNotThrow(() -> UnsupportedSettings.check(body));
    }

    @Test
    void namesMatchCaseInsensitivelyAsDockersDecoderDoes() throws Exception {
        JsonNode body = Json.MAPPER.readTree("{\"Image\":\"busybox\",\"hostconfig\":{\"devicerequests\":[{\"Count\":1}]}}");
        ApiException e = assertThrows(ApiException.class, () -> UnsupportedSettings.check(body));
        assertTrue(e.getMessage().contains("HostConfig.DeviceRequests"), e.getMessage());
        // and what is implemented is read in any case, not dropped
        ContainerCreateRequest r = Json.MAPPER.treeToValue(
                Json.MAPPER.readTree("{\"image\":\"busybox\",\"hostconfig\":{\"memory\":8388608}}"), ContainerCreateRequest.class);
        assertEquals("busybox", r.image());
        assertEquals(8388608, r.hostConfig().resources().memory());
    }

    @Test
    void everyRefusedFieldIsNamedInOneMessage() throws Exception {
        ObjectNode body = capture("docker-cli-28-run-create.json");
        ObjectNode hc = (ObjectNode) body.get("HostConfig");
        hc.set("DeviceRequests", Json.MAPPER.readTree("[{\"Count\":1}]"));
        hc.put("PidMode", "container:abc");
        body.put("NetworkDisabled", true);
        ApiException e = assertThrows(ApiException.class, () -> UnsupportedSettings.check(body));
        assertTrue(e.getMessage().contains("HostConfig.DeviceRequests = [{\"Count\":1}]"), e.getMessage());
        assertTrue(e.getMessage().contains("HostConfig.PidMode"), e.getMessage());
        assertTrue(e.getMessage().contains("NetworkDisabled = true"), e.getMessage());
    }

    @Test
    void hostConfigFieldsAtTheTopLevelAreNotDropped() throws Exception {
        JsonNode legacy = Json.MAPPER.readTree("{\"Image\":\"busybox\",\"Memory\":8388608}");
        ApiException e = assertThrows(ApiException.class, () -> UnsupportedSettings.check(legacy));
        assertTrue(e.getMessage().contains("Memory (at the top level"), e.getMessage());
        JsonNode capDrop = Json.MAPPER.readTree("{\"Image\":\"busybox\",\"CapDrop\":[\"ALL\"]}");
        assertThrows(ApiException.class, () -> UnsupportedSettings.check(capDrop));
        assertDoesNotThrow(() -> UnsupportedSettings.check(Json.MAPPER.readTree("{\"Image\":\"busybox\",\"Memory\":0}")));
    }

    @Test
    void aPrivilegedExecIsRefused() {
        ApiException e = assertThrows(ApiException.class, () -> UnsupportedSettings.checkExec(true));
        assertEquals(400, e.status());
        assertDoesNotThrow(() -> UnsupportedSettings.checkExec(false));
    }

    private static ObjectNode capture(String name) throws Exception {
        try (InputStream in = UnsupportedSettingsTest.class.getResourceAsStream("/api-captures/" + name)) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }
}
