package dev.minidocker.runtime.supervisor;

import dev.minidocker.runtime.host.CgroupFactory;

/** Kills what is left in a container's cgroup and removes it, retrying while the kernel says EBUSY. */
final class CgroupRelease {
    private CgroupRelease() {}

    static void release(CgroupFactory.Handle cgroup) {
        if (cgroup == null) return;
        RuntimeException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                cgroup.killAll();
                cgroup.destroy();
                return;
            } catch (RuntimeException busy) {
                last = busy; // rmdir fails with EBUSY until the killed tasks have left
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (last != null) throw last;
    }
}
