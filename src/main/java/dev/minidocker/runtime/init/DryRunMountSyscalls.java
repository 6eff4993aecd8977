package dev.minidocker.runtime.init;

import dev.minidocker.linux.MountSyscalls;

/** MountSyscalls that do nothing: lets the AOT training run walk the executor without root. */
final class DryRunMountSyscalls implements MountSyscalls {
    private int nextFd = 100;

    @Override public void mount(String source, String target, String fstype, long flags, String data) { }
    @Override public void umount2(String target, int flags) { }
    @Override public void pivotRoot(String newRoot, String putOld) { }
    @Override public void chdir(String path) { }
    @Override public int openDirectory(String path) { return nextFd++; }
    @Override public int openBeneath(int rootFd, String relative) { return nextFd++; }
    @Override public void mkdirAt(int dirFd, String name, int mode) { }
    @Override public void createFileAt(int dirFd, String name) { }
    @Override public void symlinkAt(String target, int dirFd, String name) { }
    @Override public void close(int fd) { }
}
