package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.json.JsonValues;
import dev.minidocker.model.DeviceRule;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.minidocker.linux.NamespaceSyscalls.*;

/**
 * Reads a bundle's config.json (runtime-spec 1.x) in full: unknown fields are ignored, known ones
 * this runtime cannot honour are refused with one clear line, never ignored.
 */
public final class BundleReader {
    private static final List<String> HOOK_KINDS = List.of("prestart", "createRuntime", "createContainer",
            "startContainer", "poststart", "poststop");

    private BundleReader() {}

    public static Bundle read(String bundleDir, String id, String startFifo) {
        Path dir = Path.of(bundleDir).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new InvalidArgumentException("bundle " + dir + " is not a directory");
        Map<String, Object> c;
        try {
            Object parsed = JsonValues.parse(Files.readAllBytes(dir.resolve("config.json")));
            if (!(parsed instanceof Map<?, ?>)) throw new InvalidArgumentException(dir + "/config.json is not a JSON object");
            c = JsonFields.obj(parsed, "config.json");
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("bundle " + dir + " has no config.json");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read " + dir + "/config.json: " + e.getMessage());
        }
        String version = JsonFields.str(c, "ociVersion");
        if (version == null || !version.startsWith("1.")) {
            throw new InvalidArgumentException("config.json: unsupported ociVersion " + version + " (this runtime implements 1.x)");
        }
        Map<String, Object> root = JsonFields.obj(c.get("root"), "root");
        if (root == null || JsonFields.str(root, "path") == null) throw new InvalidArgumentException("config.json: no root.path");
        Path rootfs = dir.resolve(JsonFields.str(root, "path")).normalize();
        if (!Files.isDirectory(rootfs)) throw new InvalidArgumentException("root.path " + rootfs + " is not a directory");
        Map<String, Object> process = JsonFields.obj(c.get("process"), "process");
        if (process == null) throw new InvalidArgumentException("config.json: no process");
        Map<String, Object> linux = JsonFields.obj(c.get("linux"), "linux");
        if (linux == null) linux = Map.of();
        refuseUnsupported(c, linux);

        NamespaceChoice ns = namespaces(JsonFields.list(linux.get("namespaces"), "linux.namespaces"));
        ProcessConfig p = ProcessConfig.of(process);
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (Object o : JsonFields.listOrEmpty(c.get("mounts"), "mounts")) {
            Map<String, Object> m = JsonFields.obj(o, "mounts[]");
            String dest = JsonFields.str(m, "destination");
            if (dest == null || !dest.startsWith("/")) throw new InvalidArgumentException("mount destination " + dest + " is not absolute");
            String source = JsonFields.str(m, "source");
            String type = JsonFields.str(m, "type");
            List<String> options = JsonFields.strings(m.get("options"), "mounts[].options");
            if (type == null || type.isEmpty()) type = options.contains("bind") || options.contains("rbind") ? "bind" : null;
            if ("bind".equals(type) && source != null && !source.startsWith("/")) source = dir.resolve(source).toString();
            mounts.add(new ContainerSpec.Mount(type, source, dest, options));
        }
        List<String> sysctl = new ArrayList<>();
        for (Map.Entry<String, Object> e : JsonFields.objOrEmpty(linux.get("sysctl"), "linux.sysctl").entrySet()) {
            sysctl.add(e.getKey() + "=" + e.getValue());
        }
        var extras = new ContainerSpec.OciExtras(startFifo, JsonFields.strings(linux.get("maskedPaths"), "linux.maskedPaths"),
                JsonFields.strings(linux.get("readonlyPaths"), "linux.readonlyPaths"), p.oomScoreAdj(), p.additionalGids());
        String hostname = JsonFields.str(c, "hostname");
        if (hostname != null && !hostname.isEmpty() && (ns.flags() & CLONE_NEWUTS) == 0) {
            throw new InvalidArgumentException("config.json: hostname needs a new uts namespace");
        }
        ContainerSpec spec = new ContainerSpec(id, hostname, p.args(), p.env(), p.cwd(), p.user(),
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()),
                Boolean.TRUE.equals(JsonFields.obj(c.get("root"), "root").get("readonly")), mounts, ns.network(), p.terminal(),
                true, p.boundingCapabilities(), null, false, p.hardening(sysctl, Stage2Launcher.hostNamespaces(ns.flags(), ns.joins())), extras);
        String cgroupsPath = JsonFields.str(linux, "cgroupsPath");
        return new Bundle(dir.toString(), rootfs.toString(), spec, ns.flags(), ns.joins(), cgroupPath(cgroupsPath, id),
                resources(JsonFields.objOrEmpty(linux.get("resources"), "linux.resources")), hooks(c), annotations(c),
                OciSeccomp.of(linux.get("seccomp")));
    }

    private static void refuseUnsupported(Map<String, Object> c, Map<String, Object> linux) {
        for (String key : List.of("uidMappings", "gidMappings")) {
            if (!JsonFields.listOrEmpty(linux.get(key), key).isEmpty()) {
                throw new InvalidArgumentException("config.json: linux." + key + " (user namespaces) is not supported");
            }
        }
        if (JsonFields.str(linux, "rootfsPropagation") != null && !List.of("private", "rprivate").contains(JsonFields.str(linux, "rootfsPropagation"))) {
            throw new InvalidArgumentException("config.json: linux.rootfsPropagation " + JsonFields.str(linux, "rootfsPropagation") + " is not supported");
        }
        for (String key : List.of("intelRdt", "personality", "timeOffsets", "mountLabel")) {
            if (linux.get(key) != null && !"".equals(linux.get(key))) {
                throw new InvalidArgumentException("config.json: linux." + key + " is not supported");
            }
        }
        if (!JsonFields.listOrEmpty(linux.get("devices"), "linux.devices").isEmpty()) {
            throw new InvalidArgumentException("config.json: linux.devices (extra device nodes) is not supported");
        }
    }

    record NamespaceChoice(int flags, List<Stage2Launcher.Join> joins, String network) {}

    private static NamespaceChoice namespaces(List<Object> list) {
        int flags = 0;
        List<Stage2Launcher.Join> joins = new ArrayList<>();
        String network = "host";
        for (Object o : list == null ? List.of() : list) {
            Map<String, Object> n = JsonFields.obj(o, "linux.namespaces[]");
            String type = JsonFields.str(n, "type"), path = JsonFields.str(n, "path");
            int flag = switch (type == null ? "" : type) {
                case "pid" -> CLONE_NEWPID;
                case "network" -> CLONE_NEWNET;
                case "mount" -> CLONE_NEWNS;
                case "ipc" -> CLONE_NEWIPC;
                case "uts" -> CLONE_NEWUTS;
                case "cgroup" -> CLONE_NEWCGROUP;
                case "user", "time" -> throw new InvalidArgumentException("config.json: " + type + " namespaces are not supported");
                default -> throw new InvalidArgumentException("config.json: unknown namespace type " + type);
            };
            boolean byPath = path != null && !path.isEmpty();
            if (flag == CLONE_NEWCGROUP) {
                if (byPath) throw new InvalidArgumentException("config.json: joining a cgroup namespace by path is not supported");
                continue; // stage 2 always gives the container a cgroup namespace of its own
            }
            if (flag == CLONE_NEWNS && byPath) throw new InvalidArgumentException("config.json: joining a mount namespace by path is not supported");
            if (byPath) joins.add(new Stage2Launcher.Join(path, flag));
            else flags |= flag;
            if (flag == CLONE_NEWNET) network = byPath ? "netns:" + path : "none";
        }
        if ((flags & CLONE_NEWNS) == 0) throw new InvalidArgumentException("config.json: a mount namespace is required");
        return new NamespaceChoice(flags, joins, network);
    }

    /** runc's cgroupfs driver: an absolute path below each hierarchy's root; a relative one too; none: the id. */
    static String cgroupPath(String cgroupsPath, String id) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) return id;
        if (cgroupsPath.contains(":")) {
            throw new InvalidArgumentException("cgroupsPath " + cgroupsPath + " is a systemd slice; the systemd cgroup driver is not supported");
        }
        String p = cgroupsPath;
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty() || p.contains("..")) throw new InvalidArgumentException("invalid cgroupsPath " + cgroupsPath);
        return p;
    }

    private static Resources resources(Map<String, Object> r) {
        Resources res = Resources.NONE;
        Map<String, Object> memory = JsonFields.objOrEmpty(r.get("memory"), "resources.memory");
        Long limit = JsonFields.num(memory, "limit"), swap = JsonFields.num(memory, "swap");
        if (limit != null && limit > 0) res = res.withMemory(limit);
        if (swap != null && swap != 0) res = res.withMemorySwap(swap);
        Map<String, Object> cpu = JsonFields.objOrEmpty(r.get("cpu"), "resources.cpu");
        Long shares = JsonFields.num(cpu, "shares"), quota = JsonFields.num(cpu, "quota"), period = JsonFields.num(cpu, "period");
        if (shares != null && shares > 0) res = res.withCpuShares(shares);
        if (quota != null && quota > 0) {
            if (period != null && period != Resources.CPU_PERIOD_US) {
                throw new InvalidArgumentException("resources.cpu.period other than " + Resources.CPU_PERIOD_US + " is not supported");
            }
            res = res.withCpuQuota(quota);
        }
        if (JsonFields.str(cpu, "cpus") != null && !JsonFields.str(cpu, "cpus").isEmpty()) res = res.withCpusetCpus(JsonFields.str(cpu, "cpus"));
        Long pids = JsonFields.num(JsonFields.objOrEmpty(r.get("pids"), "resources.pids"), "limit");
        if (pids != null && pids > 0) res = res.withPidsLimit(pids);
        return res.withDevices(devices(JsonFields.listOrEmpty(r.get("devices"), "resources.devices")));
    }

    /** The bundle's rules, then what runc allows every container (DeviceRule.DOCKER_DEFAULT's tail). */
    private static List<DeviceRule> devices(List<Object> list) {
        List<DeviceRule> rules = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> d = JsonFields.obj(o, "resources.devices[]");
            String type = JsonFields.str(d, "type");
            Long major = JsonFields.num(d, "major"), minor = JsonFields.num(d, "minor");
            rules.add(new DeviceRule(Boolean.TRUE.equals(d.get("allow")), type == null || type.isEmpty() ? 'a' : type.charAt(0),
                    major == null ? DeviceRule.ANY : major, minor == null ? DeviceRule.ANY : minor,
                    JsonFields.str(d, "access") == null ? "rwm" : JsonFields.str(d, "access")));
        }
        if (rules.equals(DeviceRule.ALLOW_ALL)) return rules;
        if (rules.isEmpty()) rules.add(DeviceRule.DOCKER_DEFAULT.get(0));
        List<DeviceRule> d = DeviceRule.DOCKER_DEFAULT;
        rules.addAll(d.subList(d.indexOf(new DeviceRule(true, 'c', DeviceRule.ANY, DeviceRule.ANY, "m")), d.size()));
        return rules;
    }

    private static Map<String, List<Bundle.Hook>> hooks(Map<String, Object> c) {
        Map<String, List<Bundle.Hook>> hooks = new LinkedHashMap<>();
        Map<String, Object> h = JsonFields.objOrEmpty(c.get("hooks"), "hooks");
        for (String kind : HOOK_KINDS) {
            List<Bundle.Hook> list = new ArrayList<>();
            for (Object o : JsonFields.listOrEmpty(h.get(kind), "hooks." + kind)) {
                Map<String, Object> hook = JsonFields.obj(o, "hooks." + kind + "[]");
                String path = JsonFields.str(hook, "path");
                if (path == null || !path.startsWith("/")) throw new InvalidArgumentException("hooks." + kind + ": path " + path + " is not absolute");
                List<String> args = JsonFields.strings(hook.get("args"), "hook args");
                Long timeout = JsonFields.num(hook, "timeout");
                list.add(new Bundle.Hook(path, args.isEmpty() ? List.of(path) : args, JsonFields.strings(hook.get("env"), "hook env"),
                        timeout == null ? 0 : timeout.intValue()));
            }
            if (!list.isEmpty()) hooks.put(kind, list);
        }
        if (hooks.containsKey("createContainer") || hooks.containsKey("startContainer")) {
            throw new InvalidArgumentException("config.json: createContainer and startContainer hooks (run inside the container) are not supported");
        }
        return hooks;
    }

    private static Map<String, String> annotations(Map<String, Object> c) {
        Map<String, String> a = new LinkedHashMap<>();
        // (loops, not lambdas, on create's path: each lambda costs a bootstrap in a short-lived JVM)
        for (Map.Entry<String, Object> e : JsonFields.objOrEmpty(c.get("annotations"), "annotations").entrySet()) {
            a.put(e.getKey(), String.valueOf(e.getValue()));
        }
        return a;
    }
}
