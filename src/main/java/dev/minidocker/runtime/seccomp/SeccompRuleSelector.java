package dev.minidocker.runtime.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's setupSeccomp (moby/profiles seccomp_linux.go): keeps the archMap entry of the native
 * architecture, and the syscall entries whose includes all hold and whose excludes all fail for
 * the target: arches against the native one, caps against the container's bounding set,
 * minKernel against the running kernel. A profile with neither a defaultAction nor syscalls
 * means no filter, as in Docker.
 */
public final class SeccompRuleSelector {
    private SeccompRuleSelector() {}

    /** The rules for {@code target}; null when the profile asks for no filter. */
    public static SeccompRules select(SeccompProfile profile, SeccompTarget target) {
        List<SeccompProfile.Syscall> calls = profile.syscalls() == null ? List.of() : profile.syscalls();
        if ((profile.defaultAction() == null || profile.defaultAction().isEmpty()) && calls.isEmpty()) return null;
        List<String> arches = new ArrayList<>(profile.architectures() == null ? List.of() : profile.architectures());
        for (SeccompProfile.ArchMap m : profile.archMap() == null ? List.<SeccompProfile.ArchMap>of() : profile.archMap()) {
            if (target.scmpArch().equals(m.architecture())) {
                arches.add(m.architecture());
                if (m.subArchitectures() != null) arches.addAll(m.subArchitectures());
                break;
            }
        }
        List<SeccompRules.Rule> rules = new ArrayList<>();
        for (SeccompProfile.Syscall call : calls) {
            if (excluded(call.excludes(), target) || !included(call.includes(), target)) continue;
            List<String> names = call.name() != null && !call.name().isEmpty() ? List.of(call.name()) : call.names();
            List<SeccompProfile.Arg> args = call.args() == null ? List.of() : call.args();
            for (String name : names) rules.add(new SeccompRules.Rule(name, call.action(), call.errnoRet(), args));
        }
        return new SeccompRules(profile.defaultAction(), profile.defaultErrnoRet(), List.copyOf(arches), List.copyOf(rules));
    }

    private static boolean excluded(SeccompProfile.Filter f, SeccompTarget target) {
        if (f == null) return false;
        if (f.arches() != null && f.arches().contains(target.arch())) return true;
        if (f.caps() != null) {
            for (String cap : f.caps()) if (target.capabilities().contains(cap)) return true;
        }
        return hasMinKernel(f) && kernelAtLeast(f.minKernel(), target);
    }

    private static boolean included(SeccompProfile.Filter f, SeccompTarget target) {
        if (f == null) return true;
        if (f.arches() != null && !f.arches().isEmpty() && !f.arches().contains(target.arch())) return false;
        if (f.caps() != null) {
            for (String cap : f.caps()) if (!target.capabilities().contains(cap)) return false;
        }
        return !hasMinKernel(f) || kernelAtLeast(f.minKernel(), target);
    }

    private static boolean hasMinKernel(SeccompProfile.Filter f) {
        return f.minKernel() != null && !f.minKernel().isEmpty();
    }

    private static boolean kernelAtLeast(String minKernel, SeccompTarget target) {
        KernelVersion running = KernelVersion.parse(target.kernel());
        if (running == null) throw new IllegalStateException("cannot parse the running kernel's release \"" + target.kernel() + "\"");
        return running.compareTo(KernelVersion.parse(minKernel)) >= 0;
    }
}
