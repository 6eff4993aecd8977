package dev.minidocker.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Stops the daemon once the jar it runs from is rebuilt (a `git pull`, then any command: the
 * launcher builds). A JVM loads a class from its jar when first used, so a daemon that outlives
 * its jar fails on its next new code path (NoClassDefFoundError) or mixes two builds' classes.
 * Its containers run on and the next command starts a daemon of the new jar, which adopts them:
 * what `daemon stop` does. A stat every two seconds; nothing when the daemon runs from classes
 * that are not one jar (tests).
 */
final class JarWatch implements Runnable {
    static final long PERIOD_MS = 2000;
    private final Path jar;
    private final Stamp built;
    private final Runnable stop;

    /** What a rebuild changes: the file (a new one, or rewritten in place), its time and its size. */
    record Stamp(Object fileKey, long modifiedMillis, long size) {}

    JarWatch(Path jar, Stamp built, Runnable stop) {
        this.jar = jar;
        this.built = built;
        this.stop = stop;
    }

    /** Watches this JVM's jar on a thread of its own; {@code stop} runs once, when the jar changed. */
    static void start(Runnable stop) {
        Path jar = ownJar(System.getProperty("java.class.path", ""));
        Stamp built = jar == null ? null : stamp(jar);
        if (built == null) return;
        Thread.ofPlatform().daemon().name("minidocker-jar-watch").stackSize(256 * 1024).start(new JarWatch(jar, built, stop));
    }

    /** The class path when it is one jar, else null. */
    static Path ownJar(String classPath) {
        if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) return null;
        return Path.of(classPath).toAbsolutePath();
    }

    /** The jar's stamp now; null if unreadable (gone, or being replaced). */
    static Stamp stamp(Path jar) {
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the jar now differs from the one this daemon started from (a jar being written counts). */
    boolean changed() {
        return !built.equals(stamp(jar));
    }

    @Override
    public void run() {
        try {
            while (!changed()) Thread.sleep(PERIOD_MS);
        } catch (InterruptedException e) {
            return;
        }
        System.err.println("mini-docker daemon: " + jar + " was rebuilt: stopping (containers run on; the next command "
                + "starts the new daemon)");
        stop.run();
    }
}
