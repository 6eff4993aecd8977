package dev.minidocker.linux.seccomp;

/**
 * One argument comparison of a rule: libseccomp's struct scmp_arg_cmp. For {@link Scmp#CMP_MASKED_EQ}
 * {@code datumA} is the mask and {@code datumB} the value: {@code (arg & datumA) == datumB}.
 *
 * @param arg the argument's index, 0 to 5
 * @param op  one of Scmp.CMP_*
 */
public record SeccompCondition(int arg, int op, long datumA, long datumB) {}
