package dev.minidocker.linux.seccomp;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.Native;
import dev.minidocker.linux.ProcessSyscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link Libseccomp} through FFM downcalls into libseccomp.so.2 (declared in
 * jextract-headers/seccomp.h), all through Native.call's one shape: pointers go as addresses,
 * uint32_t and enums as longs, and an int result is the low 32 bits. Used in the parent only
 * (the CLI or the daemon); stage 2 never loads the library, it installs the exported program.
 */
final class LinuxLibseccomp implements Libseccomp {
    static final String LIBRARY = "libseccomp.so.2";
    private static final int MFD_CLOEXEC = 1;
    private static final long ARG_CMP_SIZE = 24; // struct scmp_arg_cmp { uint arg; enum op; u64 datum_a, datum_b; }
    private static final MemorySegment MEMFD_CREATE = Native.function("memfd_create");
    private static volatile LinuxLibseccomp system;

    private final MemorySegment init, archAdd, archNative, archResolveName, syscallResolveName, ruleAddArray,
            attrSet, exportBpf, release, version;

    private LinuxLibseccomp(String library, SymbolLookup lib) {
        init = symbol(lib, library, "seccomp_init");
        archAdd = symbol(lib, library, "seccomp_arch_add");
        archNative = symbol(lib, library, "seccomp_arch_native");
        archResolveName = symbol(lib, library, "seccomp_arch_resolve_name");
        syscallResolveName = symbol(lib, library, "seccomp_syscall_resolve_name");
        ruleAddArray = symbol(lib, library, "seccomp_rule_add_array");
        attrSet = symbol(lib, library, "seccomp_attr_set");
        exportBpf = symbol(lib, library, "seccomp_export_bpf");
        release = symbol(lib, library, "seccomp_release");
        version = symbol(lib, library, "seccomp_version");
    }

    /** Loads {@code library} (a soname, or a path); the system's copy is loaded once per JVM. */
    static Libseccomp open(String library) {
        if (library.equals(LIBRARY) && system != null) return system;
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException notLoadable) {
            throw new LibseccompMissingException(library, notLoadable);
        }
        LinuxLibseccomp loaded = new LinuxLibseccomp(library, lookup);
        if (library.equals(LIBRARY)) system = loaded;
        return loaded;
    }

    private static MemorySegment symbol(SymbolLookup lib, String library, String name) {
        return lib.find(name).orElseThrow(() -> new LibseccompMissingException(library,
                new UnsatisfiedLinkError(library + " has no symbol " + name + " (libseccomp 2.5 or later is needed)")));
    }

    @Override
    public long init(int defaultAction) {
        long ctx = call(init, Integer.toUnsignedLong(defaultAction));
        if (ctx == 0) throw new SeccompException("seccomp_init with default action 0x" + Integer.toHexString(defaultAction), Errno.EINVAL);
        return ctx;
    }

    @Override
    public void archAdd(long ctx, int archToken) {
        int rc = (int) call(archAdd, ctx, Integer.toUnsignedLong(archToken));
        if (rc == -Errno.EEXIST) return;
        check(rc, "seccomp_arch_add 0x" + Integer.toHexString(archToken));
    }

    @Override
    public int archNative() {
        return (int) call(archNative);
    }

    @Override
    public int archResolveName(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) call(archResolveName, Native.cString(a, name));
        }
    }

    @Override
    public int syscallResolveName(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) call(syscallResolveName, Native.cString(a, name));
        }
    }

    @Override
    public void ruleAdd(long ctx, int action, int syscall, List<SeccompCondition> conditions) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment array = MemorySegment.NULL;
            if (!conditions.isEmpty()) {
                array = a.allocate(ARG_CMP_SIZE * conditions.size(), 8);
                for (int i = 0; i < conditions.size(); i++) {
                    SeccompCondition c = conditions.get(i);
                    long at = ARG_CMP_SIZE * i;
                    array.set(ValueLayout.JAVA_INT, at, c.arg());
                    array.set(ValueLayout.JAVA_INT, at + 4, c.op());
                    array.set(ValueLayout.JAVA_LONG, at + 8, c.datumA());
                    array.set(ValueLayout.JAVA_LONG, at + 16, c.datumB());
                }
            }
            int rc = (int) call(ruleAddArray, ctx, Integer.toUnsignedLong(action), syscall, conditions.size(), array.address());
            check(rc, "seccomp_rule_add_array of syscall " + syscall + " action 0x" + Integer.toHexString(action)
                    + " with " + conditions.size() + " conditions");
        }
    }

    @Override
    public void attrSet(long ctx, int attribute, int value) {
        check((int) call(attrSet, ctx, attribute, Integer.toUnsignedLong(value)), "seccomp_attr_set " + attribute + " " + value);
    }

    /** Into a memfd (libseccomp 2.5 exports only to a file descriptor), read back through /proc. */
    @Override
    public SeccompProgram exportBpf(long ctx) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(a);
            fd = (int) Native.call(MEMFD_CREATE, errno, Native.cString(a, "minidocker-seccomp"), MFD_CLOEXEC);
            if (fd == -1) throw new SeccompException("memfd_create for seccomp_export_bpf", Native.errno(errno));
        }
        try {
            check((int) call(exportBpf, ctx, fd), "seccomp_export_bpf");
            return new SeccompProgram(Files.readAllBytes(Path.of("/proc/self/fd/" + fd)));
        } catch (IOException e) {
            throw new UncheckedIOException("read the exported seccomp filter from /proc/self/fd/" + fd + ": " + e.getMessage(), e);
        } finally {
            ProcessSyscalls.close(fd);
        }
    }

    @Override
    public void release(long ctx) {
        call(release, ctx);
    }

    @Override
    public String version() {
        MemorySegment v = MemorySegment.ofAddress(call(version)).reinterpret(12); // { uint major, minor, micro }
        return v.get(ValueLayout.JAVA_INT, 0) + "." + v.get(ValueLayout.JAVA_INT, 4) + "." + v.get(ValueLayout.JAVA_INT, 8);
    }

    private static void check(int rc, String what) {
        if (rc < 0) throw new SeccompException(what, -rc);
    }

    private static long call(MemorySegment fn, long... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(a);
            long[] x = java.util.Arrays.copyOf(args, 5);
            return Native.call(fn, errno, x[0], x[1], x[2], x[3], x[4]);
        }
    }
}
