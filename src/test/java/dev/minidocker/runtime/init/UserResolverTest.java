package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.ContainerStartException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UserResolverTest {
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:u:/home/user:/bin/sh\n";
    static final String GROUP = "root:x:0:\nstaff:x:50:user,other\nuser:x:1000:\n";

    @Test
    void defaultsToRoot() {
        var c = UserResolver.resolve(null, PASSWD, GROUP);
        assertEquals(0, c.uid());
        assertEquals("/root", c.home());
    }

    @Test
    void namesAndGroups() {
        var c = UserResolver.resolve("user", PASSWD, GROUP);
        assertEquals(1000, c.uid());
        assertEquals(1000, c.gid());
        assertArrayEquals(new int[] {1000, 50}, c.supplementaryGids());
        assertEquals(50, UserResolver.resolve("user:staff", PASSWD, GROUP).gid());
        assertEquals(7, UserResolver.resolve("user:7", PASSWD, GROUP).gid());
    }

    @Test
    void numericUserWithoutEntry() {
        var c = UserResolver.resolve("4242", PASSWD, GROUP);
        assertEquals(4242, c.uid());
        assertEquals(0, c.gid());
        assertEquals("/", c.home());
    }

    @Test
    void unknownNamesFail() {
        assertThrows(ContainerStartException.class, () -> UserResolver.resolve("nobody", PASSWD, GROUP));
        assertThrows(ContainerStartException.class, () -> UserResolver.resolve("user:nogroup", PASSWD, GROUP));
    }

    @Test
    void dockersDefaultCapabilityMask() {
        assertEquals(0xa80425fbL, CapabilitySet.mask(null));
        assertEquals(1L << 21, CapabilitySet.mask(java.util.List.of("sys_admin")));
    }
}
