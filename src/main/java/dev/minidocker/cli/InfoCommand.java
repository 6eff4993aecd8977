package dev.minidocker.cli;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.SystemInfo;
import dev.minidocker.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code info [-f TEMPLATE]}: this store's containers and images and the host's facts, in the
 * layout of {@code docker info}'s Server section; with -f a template over the fields of the Engine
 * API's {@code /info} ({@code {{.ServerVersion}}}, {@code {{.ContainersRunning}}}).
 */
@Command(name = "info", description = "Display system-wide information.")
public final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.ServerVersion}}, {{json .}}).")
    String format;

    @Override
    public Integer call() {
        SystemInfo i = parent.global.engine().systemInfo();
        if (format != null) {
            System.out.println(InspectTemplate.render(format, Json.MAPPER.valueToTree(fields(i))));
            return 0;
        }
        StringBuilder out = new StringBuilder("Server:\n");
        line(out, " Containers", i.containers());
        line(out, "  Running", i.running());
        line(out, "  Paused", i.paused());
        line(out, "  Stopped", i.stopped());
        line(out, " Images", i.images());
        line(out, " Server Version", i.serverVersion());
        line(out, " Storage Driver", SystemInfo.STORAGE_DRIVER);
        line(out, " Logging Driver", SystemInfo.LOGGING_DRIVER);
        line(out, " Cgroup Driver", SystemInfo.CGROUP_DRIVER);
        line(out, " Cgroup Version", i.cgroupVersion());
        line(out, " Kernel Version", i.kernelVersion());
        line(out, " Operating System", i.operatingSystem());
        line(out, " OSType", "linux");
        line(out, " Architecture", i.architecture());
        line(out, " CPUs", i.cpus());
        line(out, " Total Memory", HumanUnits.binarySize(i.memTotal()));
        line(out, " Name", i.hostname());
        line(out, " ID", i.id());
        line(out, " Docker Root Dir", i.rootDir());
        System.out.print(out);
        return 0;
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append(": ").append(value).append('\n');
    }

    /** The fields of the Engine API's /info that this store and host give, by their names there. */
    static Map<String, Object> fields(SystemInfo i) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ID", i.id());
        f.put("Containers", i.containers());
        f.put("ContainersRunning", i.running());
        f.put("ContainersPaused", i.paused());
        f.put("ContainersStopped", i.stopped());
        f.put("Images", i.images());
        f.put("Driver", SystemInfo.STORAGE_DRIVER);
        f.put("DockerRootDir", i.rootDir());
        f.put("OperatingSystem", i.operatingSystem());
        f.put("OSType", "linux");
        f.put("Architecture", i.architecture());
        f.put("NCPU", i.cpus());
        f.put("MemTotal", i.memTotal());
        f.put("Name", i.hostname());
        f.put("ServerVersion", i.serverVersion());
        f.put("KernelVersion", i.kernelVersion());
        f.put("CgroupDriver", SystemInfo.CGROUP_DRIVER);
        f.put("CgroupVersion", i.cgroupVersion());
        f.put("LoggingDriver", SystemInfo.LOGGING_DRIVER);
        return f;
    }
}
