package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@link BpfSyscalls} through syscall(2) (glibc has no bpf wrapper). union bpf_attr is filled by
 * offset (linux/bpf.h); the size passed is larger than the fields we set and the rest is zero,
 * which every kernel since 4.15 accepts (it checks that bytes it does not know are zero).
 */
final class LinuxBpfSyscalls implements BpfSyscalls {
    static final LinuxBpfSyscalls INSTANCE = new LinuxBpfSyscalls();
    private static final int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6;
    private static final long ATTR_SIZE = 128;
    /** Shown by bpftool; BPF_OBJ_NAME_LEN is 16 with the NUL. */
    private static final String PROGRAM_NAME = "minidocker_dev";
    /** The verifier's log is asked for only after a refusal, to say why. */
    private static final int LOG_SIZE = 64 * 1024;

    @Override
    public int loadCgroupDeviceProgram(long[] instructions, String license) {
        String what = "bpf BPF_PROG_LOAD of the device cgroup program (" + instructions.length + " instructions)";
        try {
            return load(instructions, license, MemorySegment.NULL, what);
        } catch (SyscallException refused) {
            if (refused.errno() != Errno.EINVAL && refused.errno() != Errno.EACCES) throw refused;
            throw new SyscallException(what + " (verifier: " + verifierLog(instructions, license, what) + ")",
                    refused.errno());
        }
    }

    /** Loads once more with the verifier's log: the end of it says what it refused. */
    private static String verifierLog(long[] instructions, String license, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment log = a.allocate(LOG_SIZE);
            try {
                ProcessSyscalls.close(load(instructions, license, log, what));
                return "accepted on a second load";
            } catch (SyscallException e) {
                String oneLine = log.getString(0).strip().replace('\n', ' ');
                return oneLine.length() > 300 ? "..." + oneLine.substring(oneLine.length() - 300) : oneLine;
            }
        }
    }

    /** {@code log}: NULL, or a buffer of LOG_SIZE bytes for the verifier's log. */
    private static int load(long[] instructions, String license, MemorySegment log, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment insns = a.allocate(ValueLayout.JAVA_LONG, instructions.length);
            MemorySegment.copy(instructions, 0, insns, ValueLayout.JAVA_LONG, 0, instructions.length);
            MemorySegment lic = a.allocateFrom(license);
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(ValueLayout.JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE); // prog_type
            attr.set(ValueLayout.JAVA_INT, 4, instructions.length);         // insn_cnt
            attr.set(ValueLayout.JAVA_LONG, 8, insns.address());             // insns
            attr.set(ValueLayout.JAVA_LONG, 16, lic.address());              // license
            if (log.address() != 0) {
                attr.set(ValueLayout.JAVA_INT, 24, 1);                       // log_level
                attr.set(ValueLayout.JAVA_INT, 28, LOG_SIZE);                // log_size
                attr.set(ValueLayout.JAVA_LONG, 32, log.address());          // log_buf
            }
            byte[] name = PROGRAM_NAME.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(name, 0, attr, ValueLayout.JAVA_BYTE, 48, name.length); // prog_name
            // The kernel makes every bpf fd close-on-exec.
            return (int) RawSyscall.call(what, Arch.CURRENT.bpf(), BPF_PROG_LOAD, attr.address(), ATTR_SIZE);
        }
    }

    @Override
    public void attachCgroupDevice(Path cgroupDir, int programFd) {
        int dir = ProcessSyscalls.open(cgroupDir.toString(), FileFlags.O_RDONLY | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(ValueLayout.JAVA_INT, 0, dir);               // target_fd
            attr.set(ValueLayout.JAVA_INT, 4, programFd);         // attach_bpf_fd
            attr.set(ValueLayout.JAVA_INT, 8, BPF_CGROUP_DEVICE); // attach_type
            attr.set(ValueLayout.JAVA_INT, 12, 0);                // attach_flags: exclusive, no override
            RawSyscall.call("bpf BPF_PROG_ATTACH of the device cgroup program to `" + cgroupDir + "`",
                    Arch.CURRENT.bpf(), BPF_PROG_ATTACH, attr.address(), ATTR_SIZE);
        } finally {
            ProcessSyscalls.close(dir);
        }
    }

    @Override
    public void close(int fd) {
        ProcessSyscalls.close(fd);
    }
}
