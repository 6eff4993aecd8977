package dev.minidocker.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.model.Security;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for capabilities, security options and sysctls, without root (nothing compiles a filter here). */
class ContainerHardeningTest {
    @TempDir
    Path store;

    @Test
    void capabilitiesFollowDockersRules() {
        assertEquals(DefaultCapabilities.DOCKER, ContainerHardening.capabilities(Security.NONE));
        assertEquals(List.of(), ContainerHardening.capabilities(Security.NONE.withCapDrop("ALL")));
        assertEquals(List.of("CAP_NET_ADMIN"), ContainerHardening.capabilities(Security.NONE.withCapDrop("all").withCapAdd("net_admin")));
        List<String> noChown = ContainerHardening.capabilities(Security.NONE.withCapDrop("CAP_CHOWN").withCapAdd("SYS_PTRACE"));
        assertFalse(noChown.contains("CAP_CHOWN"));
        assertTrue(noChown.contains("CAP_SYS_PTRACE") && noChown.contains("CAP_KILL"));
        assertEquals(ContainerHardening.allWeHave(), ContainerHardening.capabilities(Security.NONE.withCapAdd("ALL")));
        assertEquals(ContainerHardening.allWeHave(), ContainerHardening.capabilities(Security.NONE.withPrivileged(true).withCapDrop("ALL")),
                "--privileged keeps every capability we have");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ContainerHardening.capabilities(Security.NONE.withCapAdd("CAP_FLY")));
        assertEquals("invalid argument \"CAP_FLY\" for \"--cap-add\": unknown capability", e.getMessage());
    }

    @Test
    void unconfinedAndPrivilegedHaveNoFilterAndOptionsAreChecked() {
        var unconfined = ContainerHardening.decide(store, Security.NONE.withSecurityOpt("seccomp=unconfined")
                .withSecurityOpt("no-new-privileges").withUlimit(Security.Ulimit.parse("nofile=10:20")));
        assertEquals(null, unconfined.hardening().seccomp());
        assertTrue(unconfined.hardening().noNewPrivileges());
        assertEquals(7, unconfined.hardening().rlimits().getFirst().resource(), "RLIMIT_NOFILE");
        var privileged = ContainerHardening.decide(store, Security.NONE.withPrivileged(true));
        assertEquals(null, privileged.hardening().seccomp());
        assertTrue(privileged.hardening().privileged());
        assertFalse(ContainerHardening.decide(store, Security.NONE.withSecurityOpt("seccomp:unconfined")
                .withSecurityOpt("no-new-privileges=false").withSecurityOpt("label=disable")).hardening().noNewPrivileges());
        assertThrows(InvalidArgumentException.class, () -> ContainerHardening.decide(store, Security.NONE.withSecurityOpt("apparmor=x")));
        assertThrows(InvalidArgumentException.class,
                () -> ContainerHardening.decide(store, Security.NONE.withSecurityOpt("no-new-privileges=maybe")));
    }

    @Test
    void onlyNamespacedSysctls() {
        ContainerHardening.checkSysctls(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "1", "fs.mqueue.msg_max", "5",
                "kernel.sem", "1 2 3 4"), "none", "");
        assertThrows(InvalidArgumentException.class, () -> ContainerHardening.checkSysctls(Map.of("kernel.panic", "1"), "none", ""));
        assertThrows(InvalidArgumentException.class, () -> ContainerHardening.checkSysctls(Map.of("vm.swappiness", "1"), "bridge", ""));
        assertThrows(InvalidArgumentException.class, () -> ContainerHardening.checkSysctls(Map.of("net.core.somaxconn", "1"), "host", ""));
        assertThrows(InvalidArgumentException.class,
                () -> ContainerHardening.checkSysctls(Map.of("net.core.somaxconn", "1"), "container:web", ""));
        ContainerHardening.checkSysctls(Map.of("kernel.shmmax", "1"), "host", "");
        // --ipc host: the IPC keys would be the host's
        for (String key : new String[] {"kernel.shmmax", "fs.mqueue.msg_max"}) {
            assertEquals("sysctl \"" + key + "\" not allowed in host IPC namespace", assertThrows(InvalidArgumentException.class,
                    () -> ContainerHardening.checkSysctls(Map.of(key, "1"), "none", "host")).getMessage());
        }
        ContainerHardening.checkSysctls(Map.of("net.core.somaxconn", "1"), "none", "host");
    }

    @Test
    void flagValuesParseAsDockersDo() {
        assertEquals(new Security.Ulimit("nofile", 123, 123), Security.Ulimit.parse("nofile=123"));
        assertThrows(InvalidArgumentException.class, () -> Security.Ulimit.parse("files=1"));
        assertEquals(new Security.DeviceMapping("/dev/zero", "/dev/myzero", "rwm"), Security.DeviceMapping.parse("/dev/zero:/dev/myzero"));
        assertEquals(new Security.DeviceMapping("/dev/zero", "/dev/zero", "r"), Security.DeviceMapping.parse("/dev/zero:r"));
        assertEquals(new Security.DeviceMapping("/dev/a", "/dev/b", "rw"), Security.DeviceMapping.parse("/dev/a:/dev/b:rw"));
        assertThrows(InvalidArgumentException.class, () -> Security.DeviceMapping.parse("/dev/a:/dev/b:x"));
        assertThrows(dev.minidocker.MiniDockerException.class, () -> Security.NONE.withDeviceCgroupRule("q 1:1 r"));
    }
}
