package dev.minidocker;

/** Whether the test JVM runs as root (used by {@link RootOnly}). */
public final class Privileges {
    private Privileges() {}

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
