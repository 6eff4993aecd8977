package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import dev.minidocker.state.FileLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressAllocatorTest {
    @TempDir
    Path dir;

    int allocate(AddressAllocator a, String id) {
        try (FileLock ignored = a.lock()) {
            return a.allocate(id, 1, 1);
        }
    }

    @Test
    void concurrentAllocationsNeverShareAnAddress() throws Exception {
        AddressAllocator a = new AddressAllocator(dir, Subnet.parse("10.213.0.0/24"));
        ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) got.add(allocate(a, ("%02d%02d".formatted(n, i)).repeat(16)));
            }));
        }
        for (Thread t : threads) t.join();
        Set<Integer> unique = new HashSet<>(got);
        assertEquals(200, unique.size());
        assertEquals(200, a.list().size());
    }

    @Test
    void releaseFreesOnlyTheOwnersAddressAndTheLowestIsReused() {
        AddressAllocator a = new AddressAllocator(dir, Subnet.parse("10.213.0.0/24"));
        int first = allocate(a, "a".repeat(64));
        int second = allocate(a, "b".repeat(64));
        assertEquals(Subnet.parseIp("10.213.0.2"), first);
        assertEquals(Subnet.parseIp("10.213.0.3"), second);
        a.release(first, "b".repeat(64)); // not its owner: kept
        assertEquals(2, a.list().size());
        a.release(first, "a".repeat(64));
        assertEquals(first, allocate(a, "c".repeat(64)));
    }

    @Test
    void deadOwnersAreReclaimedAndAFullNetworkSaysSo() {
        AddressAllocator a = new AddressAllocator(dir, Subnet.parse("10.213.0.0/30"));
        allocate(a, "a".repeat(64));
        assertEquals(1, a.list().size());
        assertThrows(MiniDockerException.class, () -> allocate(a, "b".repeat(64)));
        try (FileLock ignored = a.lock()) {
            assertEquals(1, a.reclaim(alloc -> false).size());
        }
        assertEquals(Subnet.parseIp("10.213.0.2"), allocate(a, "b".repeat(64)));
    }
}
