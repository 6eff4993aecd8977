package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subnets given out by any store count as taken while their network exists, and only then. */
class SubnetReservationsTest {
    @TempDir
    Path tmp;

    Path store(String name, String... networks) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name).resolve("networks")).getParent();
        for (String n : networks) Files.writeString(root.resolve("networks").resolve(n + ".json"), "{}");
        return root;
    }

    @Test
    void anotherStoresNetworkIsTakenUntilItIsGone() throws Exception {
        SubnetReservations r = new SubnetReservations(tmp.resolve("subnets"));
        assertEquals(List.of(), r.taken());
        Path a = store("a", "bridge");
        Path b = store("b", "web");
        r.claim(Subnet.parse("10.213.1.0/24"), a, "bridge");
        r.claim(Subnet.parse("10.213.2.0/24"), b, "web");
        assertEquals(List.of(Subnet.parse("10.213.1.0/24"), Subnet.parse("10.213.2.0/24")),
                r.taken().stream().sorted(java.util.Comparator.comparing(Subnet::toString)).toList());

        r.release(Subnet.parse("10.213.1.0/24"), b, "web"); // not b's: stays
        assertEquals(2, r.taken().size());
        r.release(Subnet.parse("10.213.1.0/24"), a, "bridge");
        assertEquals(List.of(Subnet.parse("10.213.2.0/24")), r.taken());

        Files.delete(b.resolve("networks/web.json")); // the store went away without removing it
        assertEquals(List.of(), r.taken());
        assertFalse(Files.exists(tmp.resolve("subnets/10.213.2.0_24")), "a stale entry is dropped");
    }
}
