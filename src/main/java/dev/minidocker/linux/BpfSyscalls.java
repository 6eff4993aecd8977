package dev.minidocker.linux;

import java.nio.file.Path;

/**
 * The bpf(2) calls of a cgroup v2 device filter: load a BPF_PROG_TYPE_CGROUP_DEVICE program and
 * attach it to a cgroup. An interface so that the v2 cgroup manager can be tested against a
 * recording fake without root.
 */
public interface BpfSyscalls {
    /**
     * bpf(BPF_PROG_LOAD) of a device cgroup program; {@code instructions} are struct bpf_insn as
     * little-endian longs. Returns the program's fd (close-on-exec).
     */
    int loadCgroupDeviceProgram(long[] instructions, String license);

    /**
     * bpf(BPF_PROG_ATTACH, BPF_CGROUP_DEVICE) of program {@code programFd} to the cgroup directory
     * {@code cgroupDir}, exclusively: no other device program can be attached to it or below it.
     * The attachment lives as long as the cgroup, whether or not the program's fd stays open.
     */
    void attachCgroupDevice(Path cgroupDir, int programFd);

    /** close(2) of a program fd. */
    void close(int fd);

    static BpfSyscalls real() {
        return LinuxBpfSyscalls.INSTANCE;
    }
}
