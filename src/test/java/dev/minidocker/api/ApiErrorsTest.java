package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.state.NoSuchContainerException;
import org.junit.jupiter.api.Test;

/** Failures become the HTTP statuses the docker client acts on (404 makes `docker run` pull). */
class ApiErrorsTest {
    @Test
    void statusesFollowDockersErrorClasses() {
        assertEquals(404, ApiErrors.status(new NoSuchContainerException("web")));
        assertEquals(404, ApiErrors.status(new MiniDockerException("No such image: busybox:latest")));
        // one class for "no such image" in the store and a registry's 404, whatever its words
        assertEquals(404, ApiErrors.status(new ImageNotFoundException("manifest for busybox:nosuch not found: manifest unknown")));
        assertEquals(409, ApiErrors.status(new MiniDockerException("Conflict. The container name \"/web\" is already in use")));
        assertEquals(409, ApiErrors.status(new MiniDockerException("conflict: unable to delete 3f2a (must be forced)")));
        assertEquals(400, ApiErrors.status(new MiniDockerException("Invalid container name (x)")));
        assertEquals(400, ApiErrors.status(ApiException.badRequest("bad")));
        assertEquals(500, ApiErrors.status(new MiniDockerException("mount failed")));
        assertEquals(500, ApiErrors.status(new NullPointerException()));
    }
}
