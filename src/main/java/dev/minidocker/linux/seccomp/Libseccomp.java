package dev.minidocker.linux.seccomp;

import java.util.List;

/**
 * The libseccomp calls that turn a profile into a BPF program: one method per C function, with a
 * filter context as an opaque handle. An interface so that the translation of a profile into
 * these calls is tested against a recording fake, without root or the library.
 * Failures throw {@link SeccompException} naming the call; a missing library throws
 * {@link LibseccompMissingException} from {@link #load()}.
 */
public interface Libseccomp {
    /** seccomp_init(defaultAction): a new filter for the native architecture only. */
    long init(int defaultAction);

    /** seccomp_arch_add; an architecture already in the filter (the native one) is not an error. */
    void archAdd(long ctx, int archToken);

    /** seccomp_arch_native: the token of the architecture this process runs on. */
    int archNative();

    /** seccomp_arch_resolve_name ("x86_64", "x32", "aarch64", ...); 0 for a name it does not know. */
    int archResolveName(String name);

    /**
     * seccomp_syscall_resolve_name: the native number, a negative pseudo-number for a call that
     * exists only on other architectures (libseccomp maps it per architecture in the rule), or
     * {@link Scmp#NR_UNKNOWN} for a name this libseccomp does not know.
     */
    int syscallResolveName(String name);

    /** seccomp_rule_add_array. */
    void ruleAdd(long ctx, int action, int syscall, List<SeccompCondition> conditions);

    /** seccomp_attr_set. */
    void attrSet(long ctx, int attribute, int value);

    /** seccomp_export_bpf: the program the kernel would get from seccomp_load. */
    SeccompProgram exportBpf(long ctx);

    /** seccomp_release. */
    void release(long ctx);

    /** seccomp_version as "2.5.4": which syscall names it knows depends on it. */
    String version();

    /** The system's libseccomp.so.2 through FFM (loaded once per JVM). */
    static Libseccomp load() {
        return LinuxLibseccomp.open(LinuxLibseccomp.LIBRARY);
    }

    /** {@code library} (a soname or a path) through FFM. */
    static Libseccomp load(String library) {
        return LinuxLibseccomp.open(library);
    }
}
