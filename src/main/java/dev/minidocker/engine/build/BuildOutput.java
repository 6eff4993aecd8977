package dev.minidocker.engine.build;

/** Where a build reports: the classic builder's text lines ({@code stream}) and the image id ({@code aux}). */
public interface BuildOutput {
    /** Text as docker's classic builder writes it (lines end with '\n'; a RUN's output as it comes). */
    void stream(String text);

    /** The built image's id ("sha256:..."), once, before the "Successfully built" line. */
    default void aux(String imageId) {}

    /** Whether whoever reads the output went away (an API client's ^C): the build stops before its next step. */
    default boolean cancelled() {
        return false;
    }
}
