package dev.minidocker.oci;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.ProcessSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains mini-docker-runtime's AOT cache (scripts/make-aot-cache): the verbs podman calls, on a
 * real container when run as root with a static busybox given (create, state, start, wait, delete),
 * and the parsing and error paths always. Arguments: a work directory, optionally a static busybox.
 */
public final class OciAotTraining {
    private OciAotTraining() {}

    public static void main(String[] args) throws Exception {
        // ./mini-docker-runtime starts at OciMain: loaded here so that it comes from the cache. A class
        // from the jar makes the JVM open and index the whole jar (~900 entries), every verb.
        Class.forName(OciMain.class.getName());
        dev.minidocker.JarFreshness.rehearse(); // OciMain's first step
        Path work = Path.of(args[0]);
        Path root = work.resolve("state");
        Path bundle = work.resolve("bundle");
        if (args.length == 2 && args[1].equals("--seed-seccomp")) {
            seedSeccomp(root, bundle);
            return;
        }
        Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.writeString(bundle.resolve("config.json"), config());
        // The filter is compiled once in another JVM: the creates below hit the cache, as podman's runs
        // do, and Jackson (the compiler's profile parser, used on a miss only) stays out of this cache.
        Process seed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                OciAotTraining.class.getName(), work.toString(), "--seed-seccomp").inheritIO().start();
        seed.waitFor();
        run(root, "features");
        run(root, "--version");
        run(root, "state", "nosuch");
        run(root, "delete", "--force", "nosuch");
        Files.writeString(work.resolve("bad.json"), "{\"ociVersion\":\"2.0\"}");
        try {
            BundleReader.read(work.toString(), "x", null);
        } catch (RuntimeException expected) {
            // the error path is trained too
        }
        if (args.length < 2 || ProcessIdentity.effectiveUid() != 0) return;
        Files.copy(Path.of(args[1]), bundle.resolve("rootfs/bin/busybox"));
        Files.createSymbolicLink(bundle.resolve("rootfs/bin/true"), Path.of("busybox"));
        for (int i = 0; i < 3; i++) {
            String id = "aot-training-" + ProcessHandle.current().pid() + "-" + i;
            int pid = OciCreate.create(root, bundle.toString(), id, work.resolve("pid").toString(), null);
            run(root, "state", id);
            run(root, "start", id);
            ProcessSyscalls.waitpid(pid);
            run(root, "state", id);
            run(root, "kill", id, "KILL");
            run(root, "delete", "--force", id);
        }
    }

    private static void seedSeccomp(Path root, Path bundle) throws IOException {
        Bundle b = BundleReader.read(bundle.toString(), "seed", null);
        Path state = Files.createDirectories(root.resolve("seccomp-seed"));
        try {
            OciSeccomp.compile(root, state, b.seccomp(), b.spec().capabilities());
        } catch (RuntimeException noLibseccomp) {
            // the creates compile (or fail) themselves
        }
        OciDelete.removeDirectory(state);
    }

    private static void run(Path root, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--root";
        argv[1] = root.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        try {
            OciVerbs.run(OciMain.RuntimeArgs.parse(argv));
        } catch (RuntimeException expected) {
            // errors are part of what is trained
        }
    }

    /** A runc-spec-like config for /bin/true: what podman sends (a seccomp section too), minus the network path. */
    private static String config() {
        return """
                {"ociVersion":"1.0.2-dev","process":{"terminal":false,"user":{"uid":0,"gid":0,"umask":18},
                 "args":["/bin/true"],"env":["PATH=/bin","TERM=xterm","HOME=/root"],"cwd":"/",
                 "capabilities":{"bounding":["CAP_CHOWN","CAP_KILL"],"effective":["CAP_CHOWN","CAP_KILL"],
                   "permitted":["CAP_CHOWN","CAP_KILL"]},
                 "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],"noNewPrivileges":false,"oomScoreAdj":0},
                 "root":{"path":"rootfs"},"hostname":"training",
                 "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
                   {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
                   {"destination":"/dev/pts","type":"devpts","source":"devpts","options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
                   {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev","ro"]}],
                 "annotations":{"io.container.manager":"libpod"},
                 "linux":{"sysctl":{"net.ipv4.ping_group_range":"0 0"},
                   "resources":{"devices":[{"allow":false,"access":"rwm"}],"pids":{"limit":2048}},
                   "cgroupsPath":"/minidocker-oci-training/x",
                   "namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}],
                   "maskedPaths":["/proc/kcore","/sys/firmware"],"readonlyPaths":["/proc/sys"],
                   "seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
                     {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
                     {"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":8,"op":"SCMP_CMP_NE"}]}]}}}
                """;
    }
}
