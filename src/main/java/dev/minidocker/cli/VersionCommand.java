package dev.minidocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code version}: docker's verb for what {@code --version} prints, in the layout of its Client
 * section (the engine is this same build: a store's daemon is started from it).
 */
@Command(name = "version", description = "Show the mini-docker version information.")
public final class VersionCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        System.out.print("Client: mini-docker\n"
                + " Version:       " + dev.minidocker.engine.Engine.productVersion() + "\n"
                + " Java version:  " + Runtime.version() + "\n"
                + " OS/Arch:       linux/" + dev.minidocker.engine.HostFacts.goArch() + "\n");
        return 0;
    }
}
