package dev.minidocker.linux.seccomp;

import java.util.Arrays;

/**
 * A compiled seccomp filter: classic BPF, an array of struct sock_filter (8 bytes each, in the
 * machine's byte order), as seccomp_export_bpf writes it and prctl(PR_SET_SECCOMP) takes it.
 * Compiled in the parent, carried to stage 2 in its spec, installed there before execve.
 */
public record SeccompProgram(byte[] bpf) {
    /** The kernel refuses longer programs (BPF_MAXINSNS). */
    public static final int MAX_INSTRUCTIONS = 4096;
    public static final int INSTRUCTION_SIZE = 8;

    public SeccompProgram {
        if (bpf == null || bpf.length == 0 || bpf.length % INSTRUCTION_SIZE != 0) {
            throw new IllegalArgumentException("a seccomp program is a non-empty array of 8-byte instructions, got "
                    + (bpf == null ? "null" : bpf.length + " bytes"));
        }
        bpf = bpf.clone();
    }

    public int instructions() {
        return bpf.length / INSTRUCTION_SIZE;
    }

    @Override
    public byte[] bpf() {
        return bpf.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeccompProgram p && Arrays.equals(bpf, p.bpf);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bpf);
    }

    @Override
    public String toString() {
        return "SeccompProgram[" + instructions() + " instructions]";
    }
}
