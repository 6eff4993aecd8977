package dev.minidocker.engine.container;

import dev.minidocker.runtime.supervisor.ContainerStdin;

/** Where an attach writes a detached container's input ({@code -i}); the API's view of its stdin. */
public final class StdinSink {
    private final ContainerStdin stdin;

    StdinSink(ContainerStdin stdin) {
        this.stdin = stdin;
    }

    /** False once the container's input is closed (it ended, or another attach closed it). */
    public boolean write(byte[] b, int off, int len) {
        return stdin.write(b, off, len);
    }

    /** End of file for the container. */
    public void close() {
        stdin.close();
    }
}
