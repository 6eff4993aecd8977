package dev.minidocker.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandomSpi;

/**
 * Random bytes straight from /dev/urandom, what the JDK's NativePRNGNonBlocking reads too: the one
 * service of {@link DaemonSocket}'s provider. Public with a public constructor because the JDK's
 * provider framework instantiates it reflectively.
 */
public final class UrandomSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;

    public UrandomSpi() {
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
        // the kernel's pool needs no seed from us
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        try (FileInputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) throw new IOException("short read");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /dev/urandom", e);
        }
    }

    @Override
    protected byte[] engineGenerateSeed(int length) {
        byte[] seed = new byte[length];
        engineNextBytes(seed);
        return seed;
    }
}
