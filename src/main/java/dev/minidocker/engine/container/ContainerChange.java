package dev.minidocker.engine.container;

/** One line of {@code diff}: its kind, 'A' added, 'C' changed or 'D' deleted, and its path in the container. */
public record ContainerChange(char kind, String path) {
    /** As docker diff prints it: "A /new/file". */
    @Override
    public String toString() {
        return kind + " " + path;
    }
}
