package dev.minidocker.linux.cgroup;

import java.util.BitSet;

/** A set of CPU (or memory node) numbers in the kernel's list format: "0-3,6,8-9". */
public final class CpuSet {
    private static final int MAX_CPU = 8192;
    private final BitSet bits;

    private CpuSet(BitSet bits) {
        this.bits = bits;
    }

    /** Parses the list format; an empty string is the empty set. Throws IllegalArgumentException. */
    public static CpuSet parse(String list) {
        BitSet bits = new BitSet();
        String s = list.trim();
        if (s.isEmpty()) return new CpuSet(bits);
        for (String part : s.split(",", -1)) {
            String[] range = part.trim().split("-", -1);
            if (range.length > 2) throw new IllegalArgumentException(list);
            int from = number(range[0], list);
            int to = range.length == 2 ? number(range[1], list) : from;
            if (to < from) throw new IllegalArgumentException(list);
            bits.set(from, to + 1);
        }
        return new CpuSet(bits);
    }

    /** All CPUs 0..count-1. */
    public static CpuSet firstN(int count) {
        BitSet bits = new BitSet();
        bits.set(0, count);
        return new CpuSet(bits);
    }

    private static int number(String s, String list) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 5) {
            throw new IllegalArgumentException(list);
        }
        int n = Integer.parseInt(s);
        if (n >= MAX_CPU) throw new IllegalArgumentException(list);
        return n;
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public int size() {
        return bits.cardinality();
    }

    public boolean containsAll(CpuSet other) {
        BitSet missing = (BitSet) other.bits.clone();
        missing.andNot(bits);
        return missing.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet c && c.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** The canonical list format, as the kernel prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = bits.nextSetBit(0);
        while (i >= 0) {
            int end = bits.nextClearBit(i) - 1;
            if (!sb.isEmpty()) sb.append(',');
            sb.append(i);
            if (end > i) sb.append('-').append(end);
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
