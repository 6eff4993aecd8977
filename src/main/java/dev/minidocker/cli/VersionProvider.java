package dev.minidocker.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code mini-docker --version}: the jar's version plus the JVM it runs on. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "mini-docker version " + dev.minidocker.engine.Engine.productVersion(),
                "Java " + Runtime.version() + ", " + System.getProperty("os.arch")
        };
    }
}
