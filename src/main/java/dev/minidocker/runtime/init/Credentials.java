package dev.minidocker.runtime.init;

/** Who the container's process runs as, resolved from "user[:group]" and the image's /etc files. */
public record Credentials(int uid, int gid, int[] supplementaryGids, String home) {}
