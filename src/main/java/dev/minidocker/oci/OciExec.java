package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.JsonValues;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.cgroup.Cgroup;
import dev.minidocker.runtime.process.ExecLauncher;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.spec.ExecSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `exec` (through mini-docker's exec stage 2, as `mini-docker exec`) and `ps`. */
final class OciExec {
    private OciExec() {}

    static int exec(Path root, VerbArgs v) {
        String id = v.id("exec");
        ContainerState state = ContainerState.load(root, id);
        if (!state.status(root).equals("running")) throw new InvalidArgumentException("cannot exec in a container that is not running");
        ProcessConfig p;
        String processFile = v.get("process") != null ? v.get("process") : v.get("p");
        if (processFile != null) {
            try {
                p = ProcessConfig.of(JsonFields.obj(JsonValues.parse(Files.readAllBytes(Path.of(processFile))), "process"));
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot read --process " + processFile + ": " + e.getMessage());
            }
        } else {
            List<String> args = v.positional().subList(1, v.positional().size());
            if (args.isEmpty()) throw new InvalidArgumentException("exec needs a command (or --process)");
            List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
            if (v.get("env") != null) env.add(v.get("env"));
            String cwd = v.get("cwd") == null ? "/" : v.get("cwd");
            String user = v.get("user") != null ? v.get("user") : v.get("u");
            p = new ProcessConfig(args, env, cwd, user == null ? "0:0" : user, v.flag("tty") || v.flag("t"), null,
                    List.of(), null, false, null);
        }
        if ((v.flag("tty") || v.flag("t")) && !p.terminal()) {
            p = new ProcessConfig(p.args(), p.env(), p.cwd(), p.user(), true, p.boundingCapabilities(), p.rlimits(),
                    p.oomScoreAdj(), p.noNewPrivileges(), p.additionalGids());
        }
        String consoleSocket = v.get("console-socket");
        if (p.terminal() && consoleSocket == null) {
            throw new InvalidArgumentException("exec with a terminal needs --console-socket (the pty master goes there)");
        }
        List<String> procs = new ArrayList<>();
        for (Path f : OciCgroups.open(state).map(Cgroup::procsFiles).orElse(List.of())) procs.add(f.toString());
        // rlimits, noNewPrivileges and the container's seccomp filter: applied by exec's stage 2 (Handover),
        // as for mini-docker's own exec
        ExecSpec spec = new ExecSpec(p.args(), p.env(), p.cwd(), p.user(), p.terminal(), p.boundingCapabilities(), procs,
                p.hardening(List.of(), List.of()).withSeccomp(OciSeccomp.ofContainer(ContainerState.dir(root, id))));
        boolean detach = v.flag("detach") || v.flag("d");
        ExecLauncher launcher = new ExecLauncher();
        RunningContainer process = detach || p.terminal() ? null : launcher.start(state.pid(), spec, true, Stdio.of(0, 1, 2));
        int pid = process != null ? process.pid()
                : p.terminal() ? launcher.startDetached(state.pid(), spec, Stdio.of(0, 1, 2), new ConsoleSocket(consoleSocket))
                : launcher.startDetached(state.pid(), spec, Stdio.of(0, 1, 2));
        String pidFile = v.get("pid-file");
        if (pidFile != null) {
            try {
                OciCreate.writePidFile(pidFile, pid);
            } catch (IOException e) {
                throw new MiniDockerException("cannot write " + pidFile + ": " + e.getMessage(), e);
            }
        }
        if (detach) return 0;
        return process != null ? process.waitFor() : ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
    }

    /** Sends the exec's pty master to the caller's console socket. */
    private record ConsoleSocket(String path) implements java.util.function.IntConsumer {
        @Override
        public void accept(int master) {
            OciCreate.sendConsole(path, master);
        }
    }

    /** `ps`: the container's pids (json), or a table of them. */
    static String ps(Path root, String id, String format) {
        ContainerState state = ContainerState.load(root, id);
        List<Integer> pids = OciCgroups.open(state).map(Cgroup::pids).orElse(List.of());
        if (format.equals("json")) return pids.toString().replace(" ", "");
        if (!format.equals("table")) throw new InvalidArgumentException("invalid format " + format);
        StringBuilder b = new StringBuilder("PID");
        for (int pid : pids) b.append('\n').append(pid);
        return b.toString();
    }

}
