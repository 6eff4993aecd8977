package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.FileLock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerNetworkingTest {
    @TempDir
    Path root;

    /**
     * A run killed after it took its address and before it saved its endpoint: nothing names the
     * address but its allocation file, so the sweep's reclaim must find it; a live owner's stays.
     */
    @Test
    void reclaimStaleFreesDeadOwnersAddressesOnEveryNetworkAndKeepsLiveOnes() {
        NetworkStore networks = new NetworkStore(root);
        NetworkConfig bridge = new NetworkConfig("bridge", "a".repeat(64), "bridge", "mdtest0", "10.213.0.0/24", "2026-01-01T00:00:00Z");
        NetworkConfig user = new NetworkConfig("user", "b".repeat(64), "bridge", "mdbr-test", "10.214.0.0/24", "2026-01-01T00:00:00Z");
        networks.save(bridge);
        networks.save(user);
        long me = ProcessHandle.current().pid();
        AddressAllocator onBridge = new AddressAllocator(networks.networkDir("bridge"), bridge.parsedSubnet());
        AddressAllocator onUser = new AddressAllocator(networks.networkDir("user"), user.parsedSubnet());
        int live;
        try (FileLock ignored = onBridge.lock()) {
            onBridge.allocate("d".repeat(64), me, 1);           // its owner is gone (this pid never started at 1)
            live = onBridge.allocate("e".repeat(64), me, dev.minidocker.linux.ProcessIdentity.startTime(me).orElseThrow());
        }
        try (FileLock ignored = onUser.lock()) {
            onUser.allocate("f".repeat(64), me, 1);
        }

        new ContainerNetworking(root, new ContainerStore(root)).reclaimStale();

        assertEquals(List.of(live), onBridge.list().stream().map(AddressAllocator.Allocation::address).toList());
        assertEquals(List.of(), onUser.list());
    }
}
