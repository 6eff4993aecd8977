package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Main names NIO's provider so that the first socket skips the class-path service search. */
class SelectorProviderPropertyTest {
    private static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
    private final String before = System.getProperty(PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty(PROPERTY);
        else System.setProperty(PROPERTY, before);
    }

    @Test
    void namesTheJdksOwnProviderAsTheServiceSearchWouldFindIt() throws Exception {
        System.clearProperty(PROPERTY);
        Main.nameSelectorProvider();
        String named = System.getProperty(PROPERTY);
        Class<?> provider = Class.forName(named, false, ClassLoader.getPlatformClassLoader());
        assertTrue(SelectorProvider.class.isAssignableFrom(provider), named);
        // what the JDK picks without the property (this JVM's provider came from its own search)
        assertEquals(SelectorProvider.provider().getClass().getName(), named);
    }

    @Test
    void leavesAUsersChoiceAlone() {
        System.setProperty(PROPERTY, "example.OwnProvider");
        Main.nameSelectorProvider();
        assertEquals("example.OwnProvider", System.getProperty(PROPERTY));
    }
}
