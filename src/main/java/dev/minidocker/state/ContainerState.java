package dev.minidocker.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A container's {@code state.json}: what happened to it so far. Replaced atomically on every change.
 *
 * @param status     "created", "running" or "exited"
 * @param pid        host pid of the container's init while running, else 0
 * @param startTime  that pid's start time (/proc/PID/stat field 22) so a reused pid is not mistaken
 * @param exitCode   the process's code, 128+N for signal N
 * @param oomKilled  the cgroup saw an OOM kill
 * @param startedAt  ISO-8601 or null
 * @param finishedAt ISO-8601 or null
 * @param error      why starting failed, or null
 * @param restartCount    how often the restart policy restarted it
 * @param manuallyStopped stop/kill/rm asked for the end: restart policies leave it stopped
 * @param paused     running, with its cgroup frozen ({@code pause}); every new state clears it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Pid") long pid,
        @JsonProperty("StartTime") long startTime,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("Error") String error,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("ManuallyStopped") boolean manuallyStopped,
        @JsonProperty("Paused") boolean paused) {

    public ContainerState(String status, long pid, long startTime, int exitCode, boolean oomKilled, String startedAt,
                          String finishedAt, String error, int restartCount, boolean manuallyStopped) {
        this(status, pid, startTime, exitCode, oomKilled, startedAt, finishedAt, error, restartCount, manuallyStopped,
                false);
    }

    public ContainerState(String status, long pid, long startTime, int exitCode, boolean oomKilled,
                          String startedAt, String finishedAt, String error) {
        this(status, pid, startTime, exitCode, oomKilled, startedAt, finishedAt, error, 0, false);
    }

    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String EXITED = "exited";

    public static ContainerState created() {
        return new ContainerState(CREATED, 0, 0, 0, false, null, null, null);
    }

    public ContainerState running(long newPid, long newStartTime, Instant at) {
        return new ContainerState(RUNNING, newPid, newStartTime, 0, false, at.toString(), null, null,
                restartCount, false);
    }

    public ContainerState exited(int code, boolean oom, Instant at) {
        return new ContainerState(EXITED, 0, 0, code, oom, startedAt, at.toString(), null, restartCount,
                manuallyStopped);
    }

    public ContainerState failed(int code, String why, Instant at) {
        return new ContainerState(EXITED, 0, 0, code, false, startedAt, at.toString(), why, restartCount,
                manuallyStopped);
    }

    /** The same state, marked (or not) as stopped by the user. */
    public ContainerState withManuallyStopped(boolean stopped) {
        return new ContainerState(status, pid, startTime, exitCode, oomKilled, startedAt, finishedAt, error,
                restartCount, stopped, paused);
    }

    /** The same running state, frozen or thawed ({@code pause}, {@code unpause}). */
    public ContainerState withPaused(boolean frozen) {
        return new ContainerState(status, pid, startTime, exitCode, oomKilled, startedAt, finishedAt, error,
                restartCount, manuallyStopped, frozen && isRunning());
    }

    /** The same state with the restart count one higher (the restart policy is about to start it). */
    public ContainerState restarted() {
        return new ContainerState(status, pid, startTime, exitCode, oomKilled, startedAt, finishedAt, error,
                restartCount + 1, manuallyStopped);
    }

    @JsonIgnore // a getter, not a member of state.json
    public boolean isRunning() {
        return RUNNING.equals(status);
    }
}
