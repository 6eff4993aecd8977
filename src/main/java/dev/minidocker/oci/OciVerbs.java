package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SignalForwarder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The verbs, each a few lines over OciCreate, OciLifecycle, OciDelete and OciExec. */
final class OciVerbs {
    private OciVerbs() {}

    static int run(OciMain.RuntimeArgs a) {
        Path root = a.root();
        List<String> rest = a.rest();
        switch (a.verb()) {
            case "--version", "version" -> {
                System.out.println("mini-docker-runtime version " + OciMain.VERSION);
                System.out.println("spec: " + ContainerState.OCI_VERSION);
                return 0;
            }
            case "--help", "help" -> {
                System.out.println("usage: mini-docker-runtime [--root DIR] [--log FILE] [--log-format json|text] [--debug] "
                        + "create|start|state|kill|delete|run|exec|ps|features ...");
                return 0;
            }
            case "create" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of("bundle", "b", "pid-file", "console-socket", "preserve-fds"),
                        Set.of("no-pivot", "no-new-keyring"));
                refuseExtraFds(v);
                OciCreate.create(root, bundle(v), v.id("create"), v.get("pid-file"), v.get("console-socket"));
                return 0;
            }
            case "start" -> {
                OciLifecycle.start(root, VerbArgs.parse(rest, Set.of(), Set.of()).id("start"));
                return 0;
            }
            case "state" -> {
                System.out.println(OciLifecycle.state(root, VerbArgs.parse(rest, Set.of(), Set.of()).id("state")));
                return 0;
            }
            case "kill" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of(), Set.of("all", "a"));
                String signal = v.positional().size() > 1 ? v.positional().get(1) : "SIGTERM";
                OciLifecycle.kill(root, v.id("kill"), signal, v.flag("all") || v.flag("a"));
                return 0;
            }
            case "delete" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of(), Set.of("force", "f"));
                OciDelete.delete(root, v.id("delete"), v.flag("force") || v.flag("f"));
                return 0;
            }
            case "run" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of("bundle", "b", "pid-file", "console-socket", "preserve-fds"),
                        Set.of("detach", "d", "no-pivot", "no-new-keyring", "keep"));
                refuseExtraFds(v);
                return runContainer(root, v);
            }
            case "exec" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of("process", "p", "pid-file", "console-socket", "cwd", "env", "e",
                        "user", "u", "preserve-fds", "process-label", "apparmor", "cap", "c", "cgroup"),
                        Set.of("detach", "d", "tty", "t", "no-new-privs", "ignore-paused"));
                return OciExec.exec(root, v);
            }
            case "ps" -> {
                VerbArgs v = VerbArgs.parse(rest, Set.of("format", "f"), Set.of());
                System.out.println(OciExec.ps(root, v.id("ps"), v.get("format") == null ? "table" : v.get("format")));
                return 0;
            }
            case "features" -> {
                System.out.println(Features.json());
                return 0;
            }
            default -> throw new InvalidArgumentException("unknown command " + a.verb()
                    + " (pause, resume, checkpoint, restore, update, events and spec are not implemented)");
        }
    }

    /** Sends a signal on to the container's process. */
    private record Forward(int pid) implements java.util.function.IntConsumer {
        @Override
        public void accept(int signo) {
            ProcessSyscalls.kill(pid, signo);
        }
    }

    private static String bundle(VerbArgs v) {
        String b = v.get("bundle") != null ? v.get("bundle") : v.get("b");
        return b == null ? "." : b;
    }

    private static void refuseExtraFds(VerbArgs v) {
        String n = v.get("preserve-fds");
        if (n != null && !n.equals("0")) throw new InvalidArgumentException("--preserve-fds is not supported");
    }

    /** runc run: create + start; in the foreground, wait for the process and delete the container. */
    private static int runContainer(Path root, VerbArgs v) {
        String id = v.id("run");
        boolean detach = v.flag("detach") || v.flag("d");
        int pid = OciCreate.create(root, bundle(v), id, v.get("pid-file"), v.get("console-socket"));
        try {
            OciLifecycle.start(root, id);
        } catch (RuntimeException e) {
            OciDelete.delete(root, id, true);
            ProcessSyscalls.waitpid(pid);
            throw e;
        }
        if (detach) return 0;
        // As runc run: signals to the runtime go to the container's process (^C, a kill of the runtime).
        SignalForwarder forwarder = SignalForwarder.install(new Forward(pid));
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        forwarder.uninstall();
        if (!v.flag("keep")) OciDelete.delete(root, id, true);
        return status;
    }

}
