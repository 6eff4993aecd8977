package dev.minidocker.engine.container;

/**
 * What cp learns of a path in a container (Docker's ContainerPathStat, the X-Docker-Container-Path-Stat header).
 *
 * @param mode Go's os.FileMode: permission bits plus type bits (1<<31 a directory, 1<<27 a symlink, ...)
 * @param mtime seconds since the epoch
 * @param linkTarget the symlink's target, or ""
 */
public record PathStat(String name, long size, long mode, long mtime, String linkTarget) {
    public static final long GO_DIR = 1L << 31, GO_SYMLINK = 1L << 27, GO_DEVICE = 1L << 26, GO_PIPE = 1L << 25,
            GO_SOCKET = 1L << 24, GO_SETUID = 1L << 23, GO_SETGID = 1L << 22, GO_CHAR = 1L << 21, GO_STICKY = 1L << 20;

    public boolean isDirectory() {
        return (mode & GO_DIR) != 0;
    }
}
