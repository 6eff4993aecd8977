package dev.minidocker.image.layer;

/** What one {@link LayerApplier#apply} wrote: tar entries seen and regular-file bytes written. */
public record LayerStats(long entries, long bytes) {}
