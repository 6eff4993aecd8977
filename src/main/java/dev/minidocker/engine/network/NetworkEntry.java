package dev.minidocker.engine.network;

/** One network as {@code network ls} lists it. */
public record NetworkEntry(String id, String name, String driver, String subnet, String bridge) {}
