package dev.minidocker.runtime.seccomp;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.seccomp.Libseccomp;
import dev.minidocker.linux.seccomp.Scmp;
import dev.minidocker.linux.seccomp.SeccompCondition;
import dev.minidocker.linux.seccomp.SeccompException;
import dev.minidocker.linux.seccomp.SeccompProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the BPF program of resolved rules with libseccomp, as runc's InitSeccomp does, but
 * exports it instead of loading it: the program is installed later, by stage 2. Per rule: a name
 * libseccomp does not know is skipped (a call this kernel or library predates; Docker ignores it
 * too), a rule with the default's action is skipped (libseccomp refuses it), and conditions on
 * the same argument become one rule each, ORed, as runc does (libseccomp ANDs a rule's conditions
 * and allows only one per argument).
 */
public final class SeccompCompiler {
    /** runc turns the binary-tree optimizer on above this many rules (libseccomp <= 2.5.4 misbehaves with none). */
    private static final int OPTIMIZE_ABOVE = 32;

    private final Libseccomp lib;

    public SeccompCompiler(Libseccomp lib) {
        this.lib = lib;
    }

    /** The program, and the names skipped because libseccomp does not know them. */
    public record Compiled(SeccompProgram program, List<String> unknownSyscalls) {}

    public Compiled compile(SeccompRules rules) {
        int defaultAction = SeccompNames.action(rules.defaultAction(), rules.defaultErrnoRet());
        long ctx = lib.init(defaultAction);
        try {
            for (String arch : rules.architectures()) {
                String name = SeccompNames.libseccompArch(arch);
                int token = name == null ? 0 : lib.archResolveName(name);
                if (token == 0) throw new SeccompException("seccomp_arch_resolve_name " + arch + " (this libseccomp "
                        + lib.version() + " does not know it)", Errno.EINVAL);
                lib.archAdd(ctx, token);
            }
            if (rules.rules().size() > OPTIMIZE_ABOVE) lib.attrSet(ctx, Scmp.FLTATR_CTL_OPTIMIZE, 2);
            // Docker's containers do not get no_new_privs with their filter (--security-opt no-new-privileges does).
            lib.attrSet(ctx, Scmp.FLTATR_CTL_NNP, 0);
            List<String> unknown = new ArrayList<>();
            for (SeccompRules.Rule rule : rules.rules()) {
                int action = SeccompNames.action(rule.action(), rule.errnoRet());
                if (action == defaultAction) continue;
                int nr = lib.syscallResolveName(rule.syscall());
                if (nr == Scmp.NR_UNKNOWN) {
                    unknown.add(rule.syscall());
                    continue;
                }
                add(ctx, rule, action, nr);
            }
            SeccompProgram program = lib.exportBpf(ctx);
            if (program.instructions() > SeccompProgram.MAX_INSTRUCTIONS) {
                throw new SeccompException("the seccomp filter has " + program.instructions()
                        + " instructions, more than the kernel's limit of " + SeccompProgram.MAX_INSTRUCTIONS, Errno.EINVAL);
            }
            return new Compiled(program, List.copyOf(unknown));
        } finally {
            lib.release(ctx);
        }
    }

    private void add(long ctx, SeccompRules.Rule rule, int action, int nr) {
        List<SeccompCondition> conditions = new ArrayList<>();
        boolean[] seen = new boolean[6];
        boolean repeatedArg = false;
        for (SeccompProfile.Arg arg : rule.args()) {
            conditions.add(new SeccompCondition(arg.index(), SeccompNames.op(arg.op()), arg.datum(), arg.datumTwo()));
            repeatedArg |= seen[arg.index()];
            seen[arg.index()] = true;
        }
        try {
            if (!repeatedArg) {
                lib.ruleAdd(ctx, action, nr, conditions);
            } else {
                for (SeccompCondition c : conditions) lib.ruleAdd(ctx, action, nr, List.of(c));
            }
        } catch (SeccompException e) {
            throw new SeccompException("seccomp_rule_add_array for `" + rule.syscall() + "` (action 0x"
                    + Integer.toHexString(action) + ", " + conditions.size() + " conditions)", e.errno());
        }
    }
}
