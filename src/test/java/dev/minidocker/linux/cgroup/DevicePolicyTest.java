package dev.minidocker.linux.cgroup;

import dev.minidocker.MiniDockerException;
import dev.minidocker.model.DeviceRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device rules in order, reduced as the v1 kernel reduces them, and checked as it checks them. */
class DevicePolicyTest {
    private static final int M = DevicePolicy.MKNOD, R = DevicePolicy.READ, W = DevicePolicy.WRITE;

    private static List<String> lines(DevicePolicy p) {
        return p.exceptions().stream().map(DeviceRule::v1Line).toList();
    }

    @Test
    void dockersDefaultIsDenyAllWithTwelveExceptions() {
        DevicePolicy p = DevicePolicy.of(DeviceRule.DOCKER_DEFAULT);
        assertFalse(p.defaultAllow());
        // The duplicates runc appends merge into moby's entries; the fuse deny removes nothing.
        assertEquals(List.of("c 1:5 rwm", "c 1:3 rwm", "c 1:9 rwm", "c 1:8 rwm", "c 5:0 rwm", "c 5:1 rwm",
                "c *:* m", "b *:* m", "c 1:7 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm"), lines(p));
        assertTrue(p.exceptions().stream().allMatch(DeviceRule::allow));
    }

    @Test
    void dockersDefaultAllowsMknodOfAnythingButOpensOnlyItsOwnDevices() {
        DevicePolicy p = DevicePolicy.of(DeviceRule.DOCKER_DEFAULT);
        assertFalse(p.permits('c', 1, 11, W), "/dev/kmsg");
        assertTrue(p.permits('c', 1, 11, M), "mknod /dev/kmsg");
        assertFalse(p.permits('c', 10, 183, R), "hwrng");
        assertFalse(p.permits('b', 7, 0, R), "loop0");
        assertFalse(p.permits('b', 7, 0, R | W), "loop0");
        assertTrue(p.permits('b', 7, 0, M), "mknod loop0");
        assertFalse(p.permits('c', 10, 229, R | W), "fuse");
        for (long[] dev : new long[][] {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, 0}, {136, 77}, {10, 200}}) {
            assertTrue(p.permits('c', dev[0], dev[1], R | W), dev[0] + ":" + dev[1]);
        }
        assertFalse(p.permits('b', 1, 3, R), "the block device 1:3 is not /dev/null");
    }

    @Test
    void aRuleAgainstTheDefaultMergesIntoItsExceptionAndOneForItTakesAccessAway() {
        List<DeviceRule> rules = List.of(DeviceRule.parse(false, "a"), DeviceRule.parse(true, "c 1:3 r"),
                DeviceRule.parse(true, "c 1:3 mw"), DeviceRule.parse(false, "c 1:3 w"), DeviceRule.parse(true, "c 4:* rw"),
                DeviceRule.parse(false, "c 4:* rw"), DeviceRule.parse(false, "c 4:1 rwm"));
        DevicePolicy p = DevicePolicy.of(rules);
        assertEquals(List.of("c 1:3 rm"), lines(p), "c 4:* emptied and dropped; c 4:1 never was one");
        assertTrue(p.permits('c', 1, 3, R | M));
        assertFalse(p.permits('c', 1, 3, W));
        assertFalse(p.permits('c', 4, 1, R));
    }

    @Test
    void allResetsAndAnAllowDefaultRefusesAnyOverlapWithADenyException() {
        List<DeviceRule> rules = new ArrayList<>(DeviceRule.DOCKER_DEFAULT);
        rules.add(DeviceRule.parse(true, "a"));
        rules.add(DeviceRule.parse(false, "b 7:* w"));
        DevicePolicy p = DevicePolicy.of(rules);
        assertTrue(p.defaultAllow());
        assertEquals(List.of("b 7:* w"), lines(p));
        assertFalse(p.exceptions().getFirst().allow());
        assertFalse(p.permits('b', 7, 3, R | W), "partial overlap: refused, as match_exception_partial does");
        assertTrue(p.permits('b', 7, 3, R));
        assertTrue(p.permits('c', 1, 11, W));
        assertFalse(p.allowsEverything());
        assertTrue(DevicePolicy.of(DeviceRule.ALLOW_ALL).allowsEverything());
        assertEquals(List.of(new DevicePolicy.V1Write("devices.allow", "a"), new DevicePolicy.V1Write("devices.deny", "b 7:* w")),
                p.v1Writes());
    }

    @Test
    void rulesParseLikeDevicesAllowAndRefuseNonsense() {
        assertEquals(new DeviceRule(true, 'c', 136, DeviceRule.ANY, "rwm"), DeviceRule.parse(true, "c 136:* mwr"));
        assertEquals("a", DeviceRule.parse(false, "a").v1Line());
        assertEquals("b *:* m", DeviceRule.parse(true, " b  *:*  m ").v1Line());
        for (String bad : new String[] {"x 1:3 rwm", "c 1:3", "c 1 rwm", "c 1:3 rwx", "c 1:3 ", "c a:3 r",
                "c 4096:0 r", "c 1:1048576 r", "c -2:0 r"}) {
            MiniDockerException e = assertThrows(MiniDockerException.class, () -> DeviceRule.parse(true, bad), bad);
            assertTrue(e.getMessage().startsWith("invalid device cgroup "), e.getMessage());
        }
    }
}
