package dev.minidocker.runtime.seccomp;

import dev.minidocker.linux.seccomp.Libseccomp;
import dev.minidocker.linux.seccomp.Scmp;
import dev.minidocker.linux.seccomp.SeccompCondition;
import dev.minidocker.linux.seccomp.SeccompException;
import dev.minidocker.linux.seccomp.SeccompProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A libseccomp that records what it is asked instead of building a filter. Every syscall name
 * resolves (to a made-up number) except those in {@code unknownNames}; architectures resolve to
 * their real audit tokens.
 */
final class RecordingLibseccomp implements Libseccomp {
    String version = "2.5.4-recording";
    static final int X86_64 = 0xc000003e, X86 = 0x40000003, X32 = 0x4000003e, AARCH64 = 0xc00000b7, ARM = 0x40000028;
    private static final Map<String, Integer> ARCHES = Map.of("x86_64", X86_64, "x86", X86, "x32", X32,
            "aarch64", AARCH64, "arm", ARM);

    /** One seccomp_rule_add_array call. */
    record RuleCall(String syscall, int action, List<SeccompCondition> conditions) {}

    final List<String> calls = new ArrayList<>();
    final List<Integer> arches = new ArrayList<>();
    final List<RuleCall> rules = new ArrayList<>();
    final Map<Integer, Integer> attributes = new HashMap<>();
    private final Set<String> unknownNames;
    private final Map<Integer, String> namesByNumber = new HashMap<>();
    private final Map<String, Integer> numbersByName = new HashMap<>();
    String failRuleFor;
    int defaultAction;
    int inits, releases;

    RecordingLibseccomp(Set<String> unknownNames) {
        this.unknownNames = unknownNames;
    }

    @Override
    public long init(int defaultAction) {
        this.defaultAction = defaultAction;
        inits++;
        calls.add("seccomp_init");
        return 0x1000 + inits;
    }

    @Override
    public void archAdd(long ctx, int archToken) {
        arches.add(archToken);
        calls.add("seccomp_arch_add");
    }

    @Override
    public int archNative() {
        return X86_64;
    }

    @Override
    public int archResolveName(String name) {
        return ARCHES.getOrDefault(name, 0);
    }

    @Override
    public int syscallResolveName(String name) {
        if (unknownNames.contains(name)) return Scmp.NR_UNKNOWN;
        return numbersByName.computeIfAbsent(name, n -> {
            int nr = 1000 + numbersByName.size();
            namesByNumber.put(nr, n);
            return nr;
        });
    }

    @Override
    public void ruleAdd(long ctx, int action, int syscall, List<SeccompCondition> conditions) {
        String name = namesByNumber.get(syscall);
        calls.add("seccomp_rule_add_array " + name);
        if (name.equals(failRuleFor)) throw new SeccompException("seccomp_rule_add_array", 22);
        rules.add(new RuleCall(name, action, List.copyOf(conditions)));
    }

    @Override
    public void attrSet(long ctx, int attribute, int value) {
        calls.add("seccomp_attr_set");
        attributes.put(attribute, value);
    }

    @Override
    public SeccompProgram exportBpf(long ctx) {
        calls.add("seccomp_export_bpf");
        return new SeccompProgram(new byte[8 * (1 + rules.size())]);
    }

    @Override
    public void release(long ctx) {
        releases++;
        calls.add("seccomp_release");
    }

    @Override
    public String version() {
        return version;
    }

    List<RuleCall> rulesFor(String syscall) {
        return rules.stream().filter(r -> r.syscall().equals(syscall)).toList();
    }
}
