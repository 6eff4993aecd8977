package dev.minidocker.engine.image;

/** One tag a push sent: docker's "TAG: digest: sha256:... size: N" and the API's aux object. */
public record PushedTag(String tag, String digest, long size) {}
