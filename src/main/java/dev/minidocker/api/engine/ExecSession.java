package dev.minidocker.api.engine;

import dev.minidocker.api.model.ExecCreateRequest;
import dev.minidocker.api.model.ExecInspect;
import java.util.List;

/** One exec instance: created by {@code POST /containers/{id}/exec}, run once by {@code /exec/{id}/start}. */
final class ExecSession {
    private final String id;
    private final String containerId;
    private final ExecCreateRequest request;
    private boolean started;
    private boolean running;
    private long pid;
    private Integer exitCode;
    private dev.minidocker.engine.container.ExecProcess process;
    /** A resize that came before the process was there (the docker CLI sends it right after start). */
    private int[] pendingSize;

    ExecSession(String id, String containerId, ExecCreateRequest request) {
        this.id = id;
        this.containerId = containerId;
        this.request = request;
    }

    String id() {
        return id;
    }

    String containerId() {
        return containerId;
    }

    ExecCreateRequest request() {
        return request;
    }

    /** Claims the session for one start; false if it was started before (Docker: 409). */
    synchronized boolean claim() {
        if (started) return false;
        started = true;
        return true;
    }

    synchronized void running(dev.minidocker.engine.container.ExecProcess started) {
        running = true;
        pid = started.pid();
        process = started;
        if (pendingSize != null) started.resize(pendingSize[0], pendingSize[1]);
    }

    /** Resizes its terminal now, or once it runs; false when it has no terminal or has ended. */
    synchronized boolean resize(int rows, int cols) {
        if (!request.tty() || exitCode != null) return false;
        if (process == null) {
            pendingSize = new int[] {rows, cols};
            return true;
        }
        return process.resize(rows, cols);
    }

    synchronized void exited(int code) {
        running = false;
        process = null;
        exitCode = code;
    }

    synchronized ExecInspect inspect() {
        List<String> cmd = request.cmd() == null ? List.of() : request.cmd();
        return new ExecInspect(id, containerId, running, exitCode, running ? pid : 0, request.attachStdin(),
                request.attachStdout(), request.attachStderr(), false, "",
                new ExecInspect.ProcessConfig(cmd.isEmpty() ? "" : cmd.getFirst(),
                        cmd.size() > 1 ? cmd.subList(1, cmd.size()) : List.of(), request.tty(),
                        request.user() == null ? "" : request.user(), request.privileged()));
    }
}
