package dev.minidocker.runtime.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * One line of a container's json-file log (Docker's format, written by the supervisor's
 * LogWriter): the text (with its newline), "stdout" or "stderr", RFC 3339 time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogEntry(@JsonProperty("log") String log, @JsonProperty("stream") String stream,
                       @JsonProperty("time") String time) {
    public static final String STDOUT = "stdout", STDERR = "stderr";

    /** The log file of a container dir (Docker's name: {@code <id>-json.log}). */
    public static Path fileOf(Path containerDir) {
        return containerDir.resolve(containerDir.getFileName() + "-json.log");
    }

    public boolean isStderr() {
        return STDERR.equals(stream);
    }
}
