package dev.minidocker.image.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on every core, as pigz does it: the input is cut into 128 KiB blocks, each deflated on its
 * own (zlib through {@link Deflater}) with the previous 32 KiB as preset dictionary and ended by
 * a sync flush, so the raw outputs concatenate, in order, into ONE deflate stream inside one gzip
 * member that any gunzip reads. The CRC-32 is computed on the writing thread over the input
 * (hardware CRC, ~20 GB/s: cheaper than computing per block and combining). Blocks that look
 * incompressible (byte entropy near 8 bits, as in random or already compressed data) are stored
 * instead: zlib spends ~30 MB/s per core finding nothing in them.
 *
 * <p>Deterministic: the same bytes and level always give the same output, so a layer compressed
 * twice has one digest. Memory is bounded by the blocks in flight (a few per core).
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 * 1024, DICTIONARY = 32 * 1024;
    /** Room for a block's deflated bytes: stored blocks grow a little (5 bytes per 64 KiB), sync flushes add a few. */
    private static final int OUTPUT = BLOCK + BLOCK / 8 + 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "gzip");
                t.setDaemon(true);
                return t;
            });
    private static final ThreadLocal<Deflater[]> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[10]);

    private final OutputStream out;
    private final int level;
    private final int maxInFlight = 4 * Runtime.getRuntime().availableProcessors();
    private final ArrayDeque<Future<Deflated>> inFlight = new ArrayDeque<>();
    /** Input blocks in flight, in order: each is the next one's dictionary, so it is reused only after that one is done. */
    private final ArrayDeque<byte[]> inputs = new ArrayDeque<>();
    // Buffers are reused: allocating ~3 fresh 128 KiB arrays per block cost ~10% of a push's CPU
    // (zeroing, page faults, young collections). Inputs are the writing thread's alone; outputs are
    // taken by the pool's threads.
    private final ArrayDeque<byte[]> spareInputs = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<byte[]> spareOutputs = new ConcurrentLinkedQueue<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int fill;
    private long total;
    private boolean finished;

    /** A block's deflated bytes: {@code length} bytes of {@code buffer} (a pooled array). */
    private record Deflated(byte[] buffer, int length) {}

    /** {@code level}: zlib's 1 (fastest) to 9 (smallest). */
    public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        if (level < 1 || level > 9) throw new IllegalArgumentException("gzip level " + level + " is not 1-9");
        this.out = out;
        this.level = level;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) throw new IOException("gzip stream already finished");
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == BLOCK) submit(false);
        }
    }

    /** Writes what is pending and the gzip trailer; leaves the underlying stream open. */
    public void finish() throws IOException {
        if (finished) return;
        submit(true);
        while (!inFlight.isEmpty()) writeNext();
        finished = true;
        long c = crc.getValue();
        out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)});
    }

    /** Finishes, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) finish();
        } finally {
            for (Future<Deflated> f : inFlight) f.cancel(true);
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = fill;
        byte[] previous = inputs.peekLast();   // full (only the last block can be short): its tail is the dictionary
        inputs.addLast(input);
        if (!last) {
            byte[] spare = spareInputs.poll();
            block = spare != null ? spare : new byte[BLOCK];
            fill = 0;
        }
        // A stored block is a copy: made here, it does not queue behind other layers' blocks in the
        // shared pool (a random layer's upload started ~0.3 s late behind log layers' compression).
        int effective = looksIncompressible(input, length) ? Deflater.NO_COMPRESSION : level;
        inFlight.add(effective == Deflater.NO_COMPRESSION
                ? CompletableFuture.completedFuture(deflate(input, length, previous, last, effective))
                : POOL.submit(() -> deflate(input, length, previous, last, effective)));
        while (inFlight.size() >= maxInFlight) writeNext();
    }

    /** Writes the oldest block's output; the block before it has served as its dictionary and is free. */
    private void writeNext() throws IOException {
        Deflated d;
        try {
            d = inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("gzip: " + e.getCause().getMessage(), e.getCause());
        }
        out.write(d.buffer(), 0, d.length());
        spareOutputs.add(d.buffer());
        if (inputs.size() > inFlight.size() + 1) spareInputs.add(inputs.removeFirst());
    }

    private Deflated deflate(byte[] input, int length, byte[] previous, boolean last, int effective) {
        Deflater[] cache = DEFLATERS.get();
        Deflater d = cache[effective];
        if (d == null) {
            d = new Deflater(effective, true);
            cache[effective] = d;
        } else {
            d.reset();
        }
        if (previous != null && effective != Deflater.NO_COMPRESSION) d.setDictionary(previous, BLOCK - DICTIONARY, DICTIONARY);
        d.setInput(input, 0, length);
        if (last) d.finish();
        byte[] buf = spareOutputs.poll();
        if (buf == null) buf = new byte[OUTPUT];
        int n = 0;
        while (true) {
            n += d.deflate(buf, n, buf.length - n, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
            if (last ? d.finished() : n < buf.length) break;
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        return new Deflated(buf, n);
    }

    /**
     * Shannon entropy of the block's bytes above 7.9 bits: random-like, deflate would not shrink
     * it. Every 8th byte is counted (16 Ki samples of a block estimate 8-bit entropy within
     * ~0.01 bit; counting all of them cost as much CPU as hashing the layer, under C1).
     */
    static boolean looksIncompressible(byte[] input, int length) {
        if (length < 4096) return false;
        int[] counts = new int[256];
        int samples = 0;
        for (int i = 0; i < length; i += 8, samples++) counts[input[i] & 0xff]++;
        double entropy = 0;
        for (int c : counts) {
            if (c == 0) continue;
            double p = (double) c / samples;
            entropy -= p * Math.log(p);
        }
        return entropy / Math.log(2) > 7.9;
    }
}
