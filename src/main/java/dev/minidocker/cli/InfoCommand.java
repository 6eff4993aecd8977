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
    /** docker info's Server lines, in its order: each label and the /info field it shows. */
    private static final String[][] LINES = {{" Containers", "Containers"}, {"  Running", "ContainersRunning"},
            {"  Paused", "ContainersPaused"}, {"  Stopped", "ContainersStopped"}, {" Images", "Images"},
            {" Server Version", "ServerVersion"}, {" Storage Driver", "Driver"}, {" Logging Driver", "LoggingDriver"},
            {" Cgroup Driver", "CgroupDriver"}, {" Cgroup Version", "CgroupVersion"}, {" Kernel Version", "KernelVersion"},
            {" Operating System", "OperatingSystem"}, {" OSType", "OSType"}, {" Architecture", "Architecture"},
            {" CPUs", "NCPU"}, {" Total Memory", "MemTotal"}, {" Name", "Name"}, {" ID", "ID"},
            {" Docker Root Dir", "DockerRootDir"}};

    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.ServerVersion}}, {{json .}}).")
    String format;

    @Override
    public Integer call() {
        SystemInfo i = parent.global.engine().systemInfo();
        Map<String, Object> f = fields(i);
        if (format != null) {
            System.out.println(InspectTemplate.render(format, Json.MAPPER.valueToTree(f)));
            return 0;
        }
        StringBuilder out = new StringBuilder("Server:\n");
        for (String[] line : LINES) {
            Object value = line[1].equals("MemTotal") ? HumanUnits.binarySize(i.memTotal()) : f.get(line[1]);
            out.append(line[0]).append(": ").append(value).append('\n');
        }
        System.out.print(out);
        return 0;
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
