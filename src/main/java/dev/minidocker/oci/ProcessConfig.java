package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.model.Security;
import dev.minidocker.runtime.spec.Hardening;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** config.json's (or exec's process.json) process, checked: what stage 2 takes of it. */
record ProcessConfig(List<String> args, List<String> env, String cwd, String user, boolean terminal,
                     List<String> boundingCapabilities, List<Hardening.Rlimit> rlimits, Integer oomScoreAdj,
                     boolean noNewPrivileges, List<String> additionalGids) {
    private static final long DEFAULT_UMASK = 022;

    /**
     * What stage 2 applies to the command besides credentials: the same Hardening as mini-docker's
     * runs; {@code hostNamespaces} those the bundle leaves out (Stage2Launcher.hostNamespaces).
     */
    Hardening hardening(List<String> sysctl, List<String> hostNamespaces) {
        return new Hardening(null, noNewPrivileges, rlimits, List.of(), sysctl, false, hostNamespaces);
    }

    static ProcessConfig of(Map<String, Object> p) {
        List<String> args = JsonFields.strings(p.get("args"), "process.args");
        if (args.isEmpty()) throw new InvalidArgumentException("config.json: process.args is empty");
        String cwd = JsonFields.str(p, "cwd");
        if (cwd == null || !cwd.startsWith("/")) throw new InvalidArgumentException("config.json: process.cwd " + cwd + " is not absolute");
        Map<String, Object> user = JsonFields.objOrEmpty(p.get("user"), "process.user");
        if (JsonFields.str(user, "username") != null && !JsonFields.str(user, "username").isEmpty()) {
            throw new InvalidArgumentException("config.json: process.user.username is for Windows; give uid and gid");
        }
        Long uid = JsonFields.num(user, "uid"), gid = JsonFields.num(user, "gid"), umask = JsonFields.num(user, "umask");
        if (umask != null && umask != DEFAULT_UMASK) {
            throw new InvalidArgumentException("config.json: process.user.umask other than 0022 is not supported");
        }
        List<String> gids = new ArrayList<>();
        for (Object g : JsonFields.listOrEmpty(user.get("additionalGids"), "process.user.additionalGids")) {
            if (!(g instanceof Number n)) throw new InvalidArgumentException("config.json: additionalGids holds a non-number");
            gids.add(String.valueOf(n.longValue()));
        }
        for (String key : List.of("apparmorProfile", "selinuxLabel")) {
            String v = JsonFields.str(p, key);
            if (v != null && !v.isEmpty()) throw new InvalidArgumentException("config.json: process." + key + " is not supported");
        }
        Map<String, Object> caps = JsonFields.obj(p.get("capabilities"), "process.capabilities");
        List<String> bounding = caps == null ? List.of() : JsonFields.strings(caps.get("bounding"), "capabilities.bounding");
        if (caps != null) {
            for (String set : List.of("effective", "permitted")) {
                List<String> s = JsonFields.strings(caps.get(set), "capabilities." + set);
                if (!bounding.containsAll(s)) throw new InvalidArgumentException("config.json: capabilities." + set + " exceeds the bounding set");
            }
            // root keeps its permitted set across execve anyway; for another uid ambient ones would matter.
            List<String> ambient = JsonFields.strings(caps.get("ambient"), "capabilities.ambient");
            if (!ambient.isEmpty() && (uid != null && uid != 0 || !bounding.containsAll(ambient))) {
                throw new InvalidArgumentException("config.json: ambient capabilities for a non-root user are not supported");
            }
        }
        List<Hardening.Rlimit> rlimits = new ArrayList<>();
        for (Object o : JsonFields.listOrEmpty(p.get("rlimits"), "process.rlimits")) {
            Map<String, Object> r = JsonFields.obj(o, "process.rlimits[]");
            String type = JsonFields.str(r, "type");
            // "RLIMIT_NOFILE" is Docker's "nofile": one table of the kernel's numbers (model/Security)
            Integer resource = type == null || !type.startsWith("RLIMIT_") ? null
                    : Security.Ulimit.RESOURCES.get(type.substring("RLIMIT_".length()).toLowerCase(java.util.Locale.ROOT));
            Long soft = JsonFields.num(r, "soft"), hard = JsonFields.num(r, "hard");
            if (resource == null) throw new InvalidArgumentException("config.json: unknown rlimit " + type);
            if (soft == null || hard == null) throw new InvalidArgumentException("config.json: rlimit " + type + " needs soft and hard");
            rlimits.add(new Hardening.Rlimit(resource, soft, hard));
        }
        Long oom = JsonFields.num(p, "oomScoreAdj");
        return new ProcessConfig(args, JsonFields.strings(p.get("env"), "process.env"), cwd,
                (uid == null ? 0 : uid) + ":" + (gid == null ? 0 : gid), Boolean.TRUE.equals(p.get("terminal")), bounding,
                rlimits, oom == null ? null : oom.intValue(), Boolean.TRUE.equals(p.get("noNewPrivileges")), gids);
    }
}
