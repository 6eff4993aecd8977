package dev.minidocker.runtime.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.runtime.supervisor.LogWriter;

/** One line of a json-file log: the text (with its newline), "stdout" or "stderr", RFC 3339 time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogEntry(@JsonProperty("log") String log, @JsonProperty("stream") String stream,
                       @JsonProperty("time") String time) {
    public boolean isStderr() {
        return LogWriter.STDERR.equals(stream);
    }
}
