package dev.minidocker.linux.crypto;

import dev.minidocker.linux.Native;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A {@link MessageDigest} computed by libcrypto (see {@link LibCrypto}). Exists because the JDK's
 * SHA-256 is only fast once C2 has compiled it with its SHA-NI intrinsic; the launcher runs C1
 * only (for start-up), where the JDK hashes at ~110 MB/s against libcrypto's ~1.4 GB/s, and a
 * pull hashes every layer twice (blob digest and DiffID). The context is a Java array, so a
 * digest needs no cleanup and clones by copying it.
 */
final class NativeDigest extends MessageDigest implements Cloneable {
    private final LibCrypto.Functions f;
    private long[] context;
    private final byte[] one = new byte[1];

    NativeDigest(String jdkName, LibCrypto.Functions f) {
        super(jdkName);
        this.f = f;
        this.context = new long[f.contextLongs()];
        engineReset();
    }

    @Override
    protected int engineGetDigestLength() {
        return f.digestLength();
    }

    @Override
    protected void engineUpdate(byte input) {
        one[0] = input;
        engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len == 0) return;
        java.util.Objects.checkFromIndexSize(offset, len, input.length);
        update(MemorySegment.ofArray(input).asSlice(offset, len));
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        int len = input.remaining();
        if (len == 0) return;
        // Heap or direct: critical calls accept both, so no copy either way.
        update(MemorySegment.ofBuffer(input));
        input.position(input.limit());
    }

    private void update(MemorySegment data) {
        int rc;
        try {
            rc = (int) f.update().invokeExact(MemorySegment.ofArray(context), data, data.byteSize());
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        check(rc, "Update");
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[f.digestLength()];
        int rc;
        try {
            rc = (int) f.fin().invokeExact(MemorySegment.ofArray(out), MemorySegment.ofArray(context));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        check(rc, "Final");
        engineReset();   // MessageDigest's contract: digest() leaves the object reset
        return out;
    }

    @Override
    protected void engineReset() {
        int rc;
        try {
            rc = (int) f.init().invokeExact(MemorySegment.ofArray(context));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        check(rc, "Init");
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        NativeDigest copy = (NativeDigest) super.clone();
        copy.context = context.clone();
        return copy;
    }

    private void check(int rc, String call) {
        // These only fail on a NULL context, which cannot happen here.
        if (rc != 1) throw new IllegalStateException("libcrypto " + f.name() + "_" + call + " failed");
    }
}
