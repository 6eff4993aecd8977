package dev.minidocker.linux.seccomp;

import java.util.Arrays;

/**
 * A compiled seccomp filter: classic BPF, an array of struct sock_filter (8 bytes each, in the
 * machine's byte order), as seccomp_export_bpf writes it and prctl(PR_SET_SECCOMP) takes it.
 * Compiled in the parent, carried to stage 2 in its spec, installed there before execve.
 *
 * @param flags seccomp(2)'s SECCOMP_FILTER_FLAG_* to install it with (an OCI bundle's
 *              SECCOMP_FILTER_FLAG_LOG or _SPEC_ALLOW); 0: none, as Docker's profiles
 */
public record SeccompProgram(byte[] bpf, int flags) {
    public static final int FLAG_LOG = 2, FLAG_SPEC_ALLOW = 4;
    /** The kernel refuses longer programs (BPF_MAXINSNS). */
    public static final int MAX_INSTRUCTIONS = 4096;
    public static final int INSTRUCTION_SIZE = 8;

    public SeccompProgram {
        if (bpf == null || bpf.length == 0 || bpf.length % INSTRUCTION_SIZE != 0) {
            throw new IllegalArgumentException("a seccomp program is a non-empty array of 8-byte instructions, got "
                    + (bpf == null ? "null" : bpf.length + " bytes"));
        }
        if ((flags & ~(FLAG_LOG | FLAG_SPEC_ALLOW)) != 0) throw new IllegalArgumentException("unsupported seccomp flags " + flags);
        bpf = bpf.clone();
    }

    public SeccompProgram(byte[] bpf) {
        this(bpf, 0);
    }

    public SeccompProgram withFlags(int with) {
        return new SeccompProgram(bpf, with);
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
        return o instanceof SeccompProgram p && flags == p.flags && Arrays.equals(bpf, p.bpf);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bpf) + flags;
    }

    @Override
    public String toString() {
        return "SeccompProgram[" + instructions() + " instructions" + (flags == 0 ? "" : ", flags " + flags) + "]";
    }
}
