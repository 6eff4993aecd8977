package dev.minidocker.linux.crypto;

import dev.minidocker.linux.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * OpenSSL's libcrypto, if this machine has it: the SHA-256/SHA-512 one-shot-context functions
 * ({@code SHA256_Init/Update/Final}). Their context structs hold no pointers, so a context can
 * live in a Java {@code long[]} and the calls are linked {@link Linker.Option#critical critical}
 * with heap access: no native allocation to free, no copy of the data being hashed. These
 * functions are deprecated in OpenSSL 3 but exported, and use the same SHA-NI/AVX2 assembly as
 * the EVP API. When the library or a symbol is missing, {@link #SHA256} is empty and callers use
 * the JDK's digest.
 */
final class LibCrypto {
    /** One algorithm's entry points and its context size in longs. */
    record Functions(String name, int digestLength, int contextLongs,
                     MethodHandle init, MethodHandle update, MethodHandle fin) {}

    private static final String[] NAMES = {"libcrypto.so.3", "libcrypto.so"};
    private static final Optional<SymbolLookup> LOOKUP = open();

    /** SHA256_CTX is 112 bytes; SHA512_CTX 216: rounded up to whole longs. */
    static final Optional<Functions> SHA256 = bind("SHA256", 32, 14);
    static final Optional<Functions> SHA512 = bind("SHA512", 64, 27);

    private LibCrypto() {}

    private static Optional<SymbolLookup> open() {
        if (Boolean.getBoolean("minidocker.noNativeHash")) return Optional.empty();
        for (String name : NAMES) {
            try {
                return Optional.of(SymbolLookup.libraryLookup(name, Arena.global()));
            } catch (IllegalArgumentException | IllegalCallerException e) {
                // not installed under this name (or native access denied): try the next
            }
        }
        return Optional.empty();
    }

    private static Optional<Functions> bind(String prefix, int digestLength, int contextLongs) {
        if (LOOKUP.isEmpty()) return Optional.empty();
        SymbolLookup lib = LOOKUP.get();
        var init = lib.find(prefix + "_Init");
        var update = lib.find(prefix + "_Update");
        var fin = lib.find(prefix + "_Final");
        if (init.isEmpty() || update.isEmpty() || fin.isEmpty()) return Optional.empty();
        Linker.Option heap = Linker.Option.critical(true);
        // int X_Init(CTX *c); int X_Update(CTX *c, const void *data, size_t len); int X_Final(unsigned char *md, CTX *c)
        return Optional.of(new Functions(prefix, digestLength, contextLongs,
                Native.LINKER.downcallHandle(init.get(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS), heap),
                Native.LINKER.downcallHandle(update.get(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG), heap),
                Native.LINKER.downcallHandle(fin.get(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), heap)));
    }
}
