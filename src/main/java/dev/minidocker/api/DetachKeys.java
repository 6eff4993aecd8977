package dev.minidocker.api;

import java.io.ByteArrayOutputStream;

/**
 * Docker's detach keys on an attached stdin: a sequence ({@code ctrl-p,ctrl-q} by default, or the
 * {@code detachKeys} query: {@code ctrl-<a-z@[\\]^_>} or single characters, comma-separated) that
 * ends the attach and leaves the container running. Bytes that begin the sequence are held back
 * until it either completes (swallowed) or does not (passed on). The daemon scans the attached
 * input to detach; the CLI scans what it sends to know that the end of the stream was a detach.
 */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";
    private final byte[] sequence;
    private int matched;

    private DetachKeys(byte[] sequence) {
        this.sequence = sequence;
    }

    /** @throws IllegalArgumentException for a key that is neither a character nor ctrl-KEY, in Docker's words */
    public static DetachKeys parse(String spec) {
        String s = spec == null || spec.isEmpty() ? DEFAULT : spec;
        String[] keys = s.split(",");
        byte[] out = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i].trim();
            if (k.length() == 1) {
                out[i] = (byte) k.charAt(0);
            } else if (k.length() == 6 && k.startsWith("ctrl-")) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') out[i] = (byte) (c - 'a' + 1);
                else if (c == '@') out[i] = 0;
                else if (c >= '[' && c <= '_') out[i] = (byte) (c - '[' + 27);
                else throw new IllegalArgumentException("Invalid escape keys (" + s + ") provided");
            } else {
                throw new IllegalArgumentException("Invalid escape keys (" + s + ") provided");
            }
        }
        return new DetachKeys(out);
    }

    /**
     * Passes {@code n} input bytes through: what to forward goes to {@code forward}; true when the
     * sequence completed (the client detaches; nothing after it is forwarded).
     */
    public boolean scan(byte[] b, int n, ByteArrayOutputStream forward) {
        for (int i = 0; i < n; i++) {
            if (b[i] == sequence[matched]) {
                if (++matched == sequence.length) return true;
                continue;
            }
            if (matched > 0) {
                forward.write(sequence, 0, matched);
                matched = 0;
                if (b[i] == sequence[0]) {
                    matched = 1;
                    if (matched == sequence.length) return true;
                    continue;
                }
            }
            forward.write(b[i]);
        }
        return false;
    }
}
