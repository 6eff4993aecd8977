package dev.minidocker.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code mini-docker --version}: the jar's version plus the JVM it runs on. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
                "mini-docker version " + (v != null ? v : "0.1.0-dev"),
                "Java " + Runtime.version() + ", " + System.getProperty("os.arch")
        };
    }
}
