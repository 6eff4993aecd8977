package dev.minidocker.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NicenessTest {
    @TempDir
    Path tmp;

    /** Raising one's own nice value needs no privilege; it changes the calling thread only. */
    @Test
    void aThreadsOwnNiceValueIsSetAndReadBack() throws Exception {
        int before = Niceness.ofThisThread();
        int[] seen = new int[2];
        Thread t = Thread.ofPlatform().start(() -> {
            Niceness.set(0, Math.min(19, before + 2));
            seen[0] = Niceness.ofThisThread();
        });
        t.join();
        seen[1] = Niceness.ofThisThread();
        assertEquals(Math.min(19, before + 2), seen[0]);
        assertEquals(before, seen[1], "another thread's setpriority left this one alone");
    }

    /** The command in a stat line may hold spaces and parentheses: fields count from the last ')'. */
    @Test
    void theNiceFieldIsFoundAfterAnyCommandName() throws Exception {
        Path stat = tmp.resolve("stat");
        Files.writeString(stat, "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 -5 1 0 123 0 0\n");
        assertEquals(-5, Niceness.ofTask(stat));
    }
}
