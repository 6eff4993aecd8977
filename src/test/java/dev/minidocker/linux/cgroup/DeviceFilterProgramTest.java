package dev.minidocker.linux.cgroup;

import dev.minidocker.model.DeviceRule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated BPF device programs: exact instruction words for a small rule set (worked out by
 * hand from linux/bpf.h), and, run on a small interpreter of the opcodes used, the same verdict as
 * the v1 kernel's check ({@link DevicePolicy#permits}) for every access to a grid of devices.
 */
class DeviceFilterProgramTest {
    private static final int M = DevicePolicy.MKNOD, R = DevicePolicy.READ, W = DevicePolicy.WRITE;

    @Test
    void instructionWordsOfAnAllowListWithAnExactDeviceAndAMknodWildcard() {
        DevicePolicy p = DevicePolicy.of(List.of(DeviceRule.parse(false, "a"), DeviceRule.parse(true, "c 1:3 rwm"),
                DeviceRule.parse(true, "b *:* m")));
        assertArrayEquals(new long[] {
                0x0000000000001261L, // r2 = *(u32 *)(r1 + 0)       access_type
                0x0000ffff00000254L, // w2 &= 0xffff                device type
                0x0000000000001361L, // r3 = *(u32 *)(r1 + 0)
                0x0000001000000374L, // w3 >>= 16                   requested access
                0x0000000000041461L, // r4 = *(u32 *)(r1 + 4)       major
                0x0000000000081561L, // r5 = *(u32 *)(r1 + 8)       minor
                0x0000000200040255L, // 6: if r2 != 2 (char) goto 11
                0x0000000100030455L, // if r4 != 1 goto 11
                0x0000000300020555L, // if r5 != 3 goto 11
                0x00000001000000b4L, // w0 = 1
                0x0000000000000095L, // exit
                0x0000000100050255L, // 11: if r2 != 1 (block) goto 17
                0x00000000000031bcL, // w1 = w3
                0x0000000100000154L, // w1 &= 1 (mknod)
                0x000000000002315dL, // if r1 != r3 goto 17: more than mknod asked
                0x00000001000000b4L, // w0 = 1
                0x0000000000000095L, // exit
                0x00000000000000b4L, // 17: w0 = 0
                0x0000000000000095L, // exit
        }, DeviceFilterProgram.of(p).instructions());
    }

    @Test
    void dockersDefaultProgramAgreesWithTheV1KernelsVerdictEverywhere() {
        assertAgrees(DevicePolicy.of(DeviceRule.DOCKER_DEFAULT));
        assertEquals(69, DeviceFilterProgram.of(DevicePolicy.of(DeviceRule.DOCKER_DEFAULT)).length());
    }

    @Test
    void widenedNarrowedAndDenyListProgramsAgreeToo() {
        List<DeviceRule> widened = new ArrayList<>(DeviceRule.DOCKER_DEFAULT);
        widened.add(DeviceRule.parse(true, "c 10:229 rwm"));
        widened.add(DeviceRule.parse(true, "b 7:* rw"));
        widened.add(DeviceRule.parse(false, "c 1:3 w"));
        assertAgrees(DevicePolicy.of(widened));
        assertAgrees(DevicePolicy.of(List.of(DeviceRule.parse(true, "a"), DeviceRule.parse(false, "c 1:11 w"),
                DeviceRule.parse(false, "b 7:* rwm"), DeviceRule.parse(false, "c *:183 r"))));
        assertAgrees(DevicePolicy.of(DeviceRule.ALLOW_ALL));
        assertAgrees(DevicePolicy.of(List.of(DeviceRule.parse(false, "a"))));
    }

    private static void assertAgrees(DevicePolicy policy) {
        long[] program = DeviceFilterProgram.of(policy).instructions();
        int checked = 0;
        for (char type : new char[] {'c', 'b'}) {
            for (long major : new long[] {0, 1, 4, 5, 7, 10, 136, 4095}) {
                for (long minor : new long[] {0, 1, 2, 3, 5, 7, 8, 9, 11, 183, 200, 229, 1048575}) {
                    for (int access = 1; access <= (M | R | W); access++) {
                        boolean expected = policy.permits(type, major, minor, access);
                        assertEquals(expected, run(program, type == 'b' ? 1 : 2, access, major, minor),
                                type + " " + major + ":" + minor + " access " + access + " under " + policy);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000);
    }

    /**
     * Runs a device program on struct bpf_cgroup_dev_ctx {access << 16 | type, major, minor}. Knows
     * only the opcodes the generator emits, allows only forward jumps, as the verifier requires here.
     */
    static boolean run(long[] program, int type, int access, long major, long minor) {
        long[] reg = new long[11];
        int[] ctx = {access << 16 | type, (int) major, (int) minor};
        boolean r1IsContext = true;
        for (int pc = 0; pc < program.length; pc++) {
            long insn = program[pc];
            int code = (int) (insn & 0xff), dst = (int) (insn >> 8 & 0xf), src = (int) (insn >> 12 & 0xf);
            int off = (short) (insn >> 16 & 0xffff), imm = (int) (insn >>> 32);
            switch (code) {
                case DeviceFilterProgram.LDX_MEM_W -> {
                    if (src != 1 || !r1IsContext || off % 4 != 0) throw new AssertionError("load not from the context at " + pc);
                    reg[dst] = ctx[off / 4] & 0xffffffffL;
                }
                case DeviceFilterProgram.ALU32_AND_K -> reg[dst] = (reg[dst] & imm) & 0xffffffffL;
                case DeviceFilterProgram.ALU32_RSH_K -> reg[dst] = ((int) reg[dst] >>> imm) & 0xffffffffL;
                case DeviceFilterProgram.ALU32_MOV_X -> reg[dst] = reg[src] & 0xffffffffL;
                case DeviceFilterProgram.ALU32_MOV_K -> reg[dst] = imm & 0xffffffffL;
                case DeviceFilterProgram.JNE_K, DeviceFilterProgram.JEQ_K, DeviceFilterProgram.JNE_X -> {
                    long other = code == DeviceFilterProgram.JNE_X ? reg[src] : imm; // imm is sign-extended
                    boolean equal = reg[dst] == other;
                    if (off <= 0 || pc + 1 + off >= program.length) throw new AssertionError("bad jump at " + pc);
                    if (code == DeviceFilterProgram.JEQ_K ? equal : !equal) pc += off;
                }
                case DeviceFilterProgram.EXIT -> {
                    return reg[0] != 0;
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(code) + " at " + pc);
            }
            if (dst == 1 && code != DeviceFilterProgram.EXIT && code != DeviceFilterProgram.JNE_K
                    && code != DeviceFilterProgram.JEQ_K && code != DeviceFilterProgram.JNE_X) {
                r1IsContext = false;
            }
        }
        throw new AssertionError("fell off the end of the program");
    }
}
