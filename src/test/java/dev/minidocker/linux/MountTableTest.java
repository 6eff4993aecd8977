package dev.minidocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which host mount changes matter to a path, on mountinfo as the kernel writes it. */
class MountTableTest {
    static final String BASE = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=4096k
            24 23 0:21 / /dev/pts rw,nosuid,noexec shared:3 - devpts devpts rw,gid=5,mode=620
            25 22 0:22 / /proc rw,nosuid,nodev,noexec shared:4 - proc proc rw
            26 22 0:23 / /tmp rw,nosuid,nodev shared:5 - tmpfs tmpfs rw
            """;

    static MountTable table(String... extra) {
        return MountTable.parse(BASE + String.join("\n", extra));
    }

    @Test
    void anotherEnginesMountElsewhereDoesNotMatter() {
        MountTable during = table("90 26 0:50 / /tmp/pd/overlay/abc/merged rw - overlay overlay rw,lowerdir=/x");
        assertTrue(table().sameFor(during, "/tmp/md/layers/1/diff"));
        assertTrue(during.sameFor(table(), "/tmp/md/layers/1/diff"), "nor its unmount");
    }

    @Test
    void aMountOnThePathOrAnAncestorOfItMatters() {
        assertFalse(table().sameFor(table("91 26 0:51 / /tmp/md rw - tmpfs tmpfs rw"), "/tmp/md/layers/1/diff"));
        assertFalse(table("91 26 0:51 / /tmp/md rw - tmpfs tmpfs rw").sameFor(table(), "/tmp/md/layers/1/diff"),
                "its unmount too: the stale copy would still show it");
        assertFalse(table().sameFor(table("92 26 0:52 / /tmp/data/in rw - tmpfs tmpfs rw"), "/tmp/data/in"),
                "a mount on the path itself");
    }

    @Test
    void aMountBelowThePathMatters() {
        // a recursive bind of /tmp/data takes /tmp/data/sub with it
        assertFalse(table().sameFor(table("93 26 0:53 / /tmp/data/sub rw - tmpfs tmpfs rw"), "/tmp/data"));
        assertFalse(table().sameFor(table("93 26 0:53 / /tmp/data/sub rw - tmpfs tmpfs rw"), "/tmp/data/"),
                "written with a trailing slash too");
        assertTrue(table().sameFor(table("93 26 0:53 / /tmp/database rw - tmpfs tmpfs rw"), "/tmp/data"),
                "a sibling whose name only starts alike does not");
    }

    @Test
    void aRemountOfAnAncestorMatters() {
        MountTable readOnlyTmp = MountTable.parse(BASE.replace("/ /tmp rw,nosuid,nodev", "/ /tmp ro,nosuid,nodev"));
        assertFalse(table().sameFor(readOnlyTmp, "/tmp/md"));
        assertTrue(table().sameFor(readOnlyTmp, "/dev/null"));
    }

    @Test
    void aCopyOfTheNamespaceHasTheSameMountsUnderOtherIdsAndWithoutPropagation() {
        // what /proc/PID/mountinfo of a process that unshared its mount namespace and made it private shows
        String copy = BASE.replaceAll("(?m)^(\\d+) (\\d+) ", "1$1 1$2 ").replaceAll(" shared:\\d+", "")
                + "150 122 8:1 /usr/lib/jvm /usr/lib/jvm ro,relatime - ext4 /dev/sda1 rw";
        MountTable copied = MountTable.parse(copy);
        assertTrue(table().sameFor(copied, "/tmp/md/layers/1/diff"));
        assertTrue(table().sameFor(copied, "/dev/null"));
        assertFalse(table().sameFor(copied, "/usr/lib/jvm/bin/java"), "its own read-only bind of the JDK differs");
    }

    @Test
    void aCopyListsItsMountsTreeByTreeButStacksStayInOrder() {
        // as the kernel lists a copied namespace: depth first, so /dev/shm (made last) comes before /proc
        String host = BASE + "27 23 0:27 / /dev/shm rw - tmpfs tmpfs rw\n28 27 0:28 / /dev/shm rw - tmpfs tmpfs rw,size=1k";
        String copy = """
                122 121 8:1 / / rw,relatime - ext4 /dev/sda1 rw
                123 122 0:5 / /dev rw,nosuid - devtmpfs udev rw,size=4096k
                124 123 0:21 / /dev/pts rw,nosuid,noexec - devpts devpts rw,gid=5,mode=620
                127 123 0:27 / /dev/shm rw - tmpfs tmpfs rw
                128 127 0:28 / /dev/shm rw - tmpfs tmpfs rw,size=1k
                125 122 0:22 / /proc rw,nosuid,nodev,noexec - proc proc rw
                126 122 0:23 / /tmp rw,nosuid,nodev - tmpfs tmpfs rw
                """;
        assertTrue(MountTable.parse(host).sameFor(MountTable.parse(copy), "/dev/shm/x"));
        assertTrue(MountTable.parse(host).sameFor(MountTable.parse(copy), "/tmp/md"));
        String swapped = copy.replace("127 123 0:27 / /dev/shm rw - tmpfs tmpfs rw\n128 127 0:28 / /dev/shm rw - tmpfs tmpfs rw,size=1k",
                "127 123 0:28 / /dev/shm rw - tmpfs tmpfs rw,size=1k\n128 127 0:27 / /dev/shm rw - tmpfs tmpfs rw");
        assertFalse(swapped.equals(copy));
        assertFalse(MountTable.parse(host).sameFor(MountTable.parse(swapped), "/dev/shm/x"), "the other one on top");
    }

    @Test
    void escapedMountPointsAreReadAsTheirPaths() {
        MountTable spaced = table("94 26 0:54 / /tmp/my\\040data rw - tmpfs tmpfs rw");
        assertFalse(table().sameFor(spaced, "/tmp/my data/file"));
        assertTrue(table().sameFor(spaced, "/tmp/my"));
        assertEquals("a b\\c", MountTable.unescape("a\\040b\\134c"));
    }
}
