package dev.minidocker.linux.cgroup;

import dev.minidocker.model.DeviceRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DevicePolicy} as a BPF_PROG_TYPE_CGROUP_DEVICE program, the cgroup v2 replacement for
 * devices.allow/deny. The kernel runs it on every open and mknod of a device node by a task of the
 * cgroup, with R1 pointing at struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor}
 * (access_type: access bits << 16 | device type, 1 block, 2 char); R0 = 1 allows, 0 refuses (EPERM).
 *
 * <p>The layout is crun's and runc's (libcontainer/cgroups/devices/devicefilter.go): load type,
 * access, major and minor into R2..R5; then one block per exception that jumps to the next block
 * as soon as a field does not match and otherwise returns the exception's verdict; the last block
 * returns the default. Unlike runc, an exception against an allow default matches as soon as the
 * access overlaps, which is the v1 kernel's rule (match_exception_partial), so v1 and v2 agree
 * even for a deny list.
 *
 * <p>Each instruction is one little-endian struct bpf_insn read as a long: code (bits 0-7), dst
 * register (8-11), src register (12-15), signed 16-bit jump offset (16-31), 32-bit immediate (32-63).
 */
public final class DeviceFilterProgram {
    // Opcodes (include/uapi/linux/bpf.h, bpf_common.h): class | op | source.
    static final int LDX_MEM_W = 0x61;  // BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + off)
    static final int ALU32_AND_K = 0x54; // BPF_ALU | BPF_AND | BPF_K: dst &= imm (32-bit)
    static final int ALU32_RSH_K = 0x74; // BPF_ALU | BPF_RSH | BPF_K: dst >>= imm (32-bit)
    static final int ALU32_MOV_X = 0xbc; // BPF_ALU | BPF_MOV | BPF_X: dst = src (32-bit)
    static final int ALU32_MOV_K = 0xb4; // BPF_ALU | BPF_MOV | BPF_K: dst = imm (32-bit)
    static final int JNE_K = 0x55;       // BPF_JMP | BPF_JNE | BPF_K: if dst != imm goto pc + 1 + off
    static final int JNE_X = 0x5d;       // BPF_JMP | BPF_JNE | BPF_X: if dst != src goto pc + 1 + off
    static final int JEQ_K = 0x15;       // BPF_JMP | BPF_JEQ | BPF_K: if dst == imm goto pc + 1 + off
    static final int EXIT = 0x95;        // BPF_JMP | BPF_EXIT: return R0
    static final int R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;
    /** struct bpf_cgroup_dev_ctx's device types (BPF_DEVCG_DEV_*). */
    static final int DEV_BLOCK = 1, DEV_CHAR = 2;
    private static final int ALL_ACCESS = DevicePolicy.MKNOD | DevicePolicy.READ | DevicePolicy.WRITE;
    /** The kernel refuses longer programs (BPF_MAXINSNS for unprivileged loads; plenty for us). */
    static final int MAX_INSNS = 4096;

    private final long[] instructions;

    private DeviceFilterProgram(long[] instructions) {
        this.instructions = instructions;
    }

    /** The program that enforces {@code policy}. */
    public static DeviceFilterProgram of(DevicePolicy policy) {
        List<Long> out = new ArrayList<>();
        out.add(insn(LDX_MEM_W, R2, R1, 0, 0)); // R2 = access_type
        out.add(insn(ALU32_AND_K, R2, 0, 0, 0xffff)); // R2 = device type
        out.add(insn(LDX_MEM_W, R3, R1, 0, 0));
        out.add(insn(ALU32_RSH_K, R3, 0, 0, 16)); // R3 = requested access
        out.add(insn(LDX_MEM_W, R4, R1, 4, 0)); // R4 = major
        out.add(insn(LDX_MEM_W, R5, R1, 8, 0)); // R5 = minor
        for (DeviceRule ex : policy.exceptions()) block(out, ex, policy.defaultAllow());
        out.add(insn(ALU32_MOV_K, R0, 0, 0, policy.defaultAllow() ? 1 : 0));
        out.add(insn(EXIT, 0, 0, 0, 0));
        if (out.size() > MAX_INSNS) {
            throw new CgroupException("device cgroup program too long: " + out.size() + " instructions for "
                    + policy.exceptions().size() + " rules");
        }
        long[] words = new long[out.size()];
        for (int i = 0; i < words.length; i++) words[i] = out.get(i);
        return new DeviceFilterProgram(words);
    }

    /** One exception: every test jumps past the block's end (its two return instructions) on a mismatch. */
    private static void block(List<Long> out, DeviceRule ex, boolean defaultAllow) {
        List<long[]> tests = new ArrayList<>(); // {opcode, dst, src, imm}
        tests.add(new long[] {JNE_K, R2, 0, ex.type() == 'b' ? DEV_BLOCK : DEV_CHAR});
        int bits = ex.accessBits();
        if (bits != ALL_ACCESS) {
            tests.add(new long[] {ALU32_MOV_X, R1, R3, 0}); // R1 (the context is no longer needed) = access
            tests.add(new long[] {ALU32_AND_K, R1, 0, bits});
            // An allow must cover the whole request; a deny applies to any overlap with it.
            tests.add(defaultAllow ? new long[] {JEQ_K, R1, 0, 0} : new long[] {JNE_X, R1, R3, 0});
        }
        if (ex.major() != DeviceRule.ANY) tests.add(new long[] {JNE_K, R4, 0, ex.major()});
        if (ex.minor() != DeviceRule.ANY) tests.add(new long[] {JNE_K, R5, 0, ex.minor()});
        int end = tests.size() + 2; // index just past this block's return
        for (int i = 0; i < tests.size(); i++) {
            long[] t = tests.get(i);
            boolean jump = t[0] == JNE_K || t[0] == JNE_X || t[0] == JEQ_K;
            out.add(insn((int) t[0], (int) t[1], (int) t[2], jump ? end - (i + 1) : 0, (int) t[3]));
        }
        out.add(insn(ALU32_MOV_K, R0, 0, 0, ex.allow() ? 1 : 0));
        out.add(insn(EXIT, 0, 0, 0, 0));
    }

    /** Packs one struct bpf_insn as it lies in memory on a little-endian machine. */
    static long insn(int code, int dst, int src, int off, int imm) {
        return (code & 0xffL) | (dst & 0xfL) << 8 | (src & 0xfL) << 12 | (off & 0xffffL) << 16
                | (imm & 0xffffffffL) << 32;
    }

    /** The instructions, one struct bpf_insn each. */
    public long[] instructions() {
        return instructions.clone();
    }

    public int length() {
        return instructions.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceFilterProgram p && Arrays.equals(instructions, p.instructions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(instructions);
    }
}
