package dev.minidocker.linux.cgroup;

import dev.minidocker.linux.BpfSyscalls;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.SyscallException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bpf(2) without a kernel: records each call into {@code ops} (the fake cgroup tree's log, so that
 * the order against mkdir and the limit writes shows) as "bpf-load N instructions",
 * "bpf-attach minidocker/c1 program 100", "bpf-close 100", and keeps the loaded programs.
 */
final class RecordingBpfSyscalls implements BpfSyscalls {
    private final Path root;
    private final List<String> ops;
    final List<long[]> loaded = new ArrayList<>();
    final List<String> licenses = new ArrayList<>();
    private int nextFd = 100;
    /** Whether attach fails as the kernel does when an ancestor forbids it (EPERM). */
    boolean refuseAttach;

    RecordingBpfSyscalls(Path root, List<String> ops) {
        this.root = root;
        this.ops = ops;
    }

    @Override
    public int loadCgroupDeviceProgram(long[] instructions, String license) {
        loaded.add(instructions.clone());
        licenses.add(license);
        ops.add("bpf-load " + instructions.length + " instructions");
        return nextFd++;
    }

    @Override
    public void attachCgroupDevice(Path cgroupDir, int programFd) {
        if (refuseAttach) {
            throw new SyscallException("bpf BPF_PROG_ATTACH of the device cgroup program to `" + cgroupDir + "`",
                    Errno.EPERM);
        }
        ops.add("bpf-attach " + root.relativize(cgroupDir) + " program " + programFd);
    }

    @Override
    public void close(int fd) {
        ops.add("bpf-close " + fd);
    }
}
