package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.image.ImageConfig;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** run's JSON reader must make exactly the records Jackson's data binding makes of the same files. */
class StoreJsonTest {
    private static final String D1 = "sha256:" + "a".repeat(64), D2 = "sha256:" + "b".repeat(64),
            D3 = "sha256:" + "c".repeat(64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sameConfig(String json) throws IOException {
        assertEquals(Json.MAPPER.readValue(utf8(json), ImageConfig.class), StoreJson.config(utf8(json)), json);
    }

    private static void sameSnapshot(String json) throws IOException {
        assertEquals(Json.MAPPER.readValue(utf8(json), ImageDb.Snapshot.class), StoreJson.snapshot(utf8(json)), json);
    }

    @Test
    void imageConfigsReadAlike() throws IOException {
        sameConfig("""
                {"architecture":"amd64","os":"linux","created":"2024-01-02T03:04:05.123Z","author":"me \\u00e9\\n",
                 "config":{"User":"1000:1000","ExposedPorts":{"80/tcp":{},"53/udp":{"x":[1,2.5,-3,9999999999,true,null]}},
                   "Env":["PATH=/usr/bin:/bin","Q=\\"quoted\\" \\\\ \\/ \\t"],"Entrypoint":["/entry"],"Cmd":["sh","-c","echo hi"],
                   "Volumes":{"/data":{}},"WorkingDir":"/srv","Labels":{"a":"b","n":7,"t":true},"StopSignal":"SIGTERM",
                   "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":2000000000,"Retries":4},"ArgsEscaped":true},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]},
                 "history":[{"created":"2024-01-01T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file","empty_layer":true},
                            {"comment":"c"}],
                 "unknown":{"nested":[{}]}}""".formatted(D1, D2));
        sameConfig("{}");
        sameConfig("{\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
        sameConfig("{\"config\":null,\"variant\":\"v8\",\"os\":\"linux\"}");
    }

    @Test
    void imageDatabasesReadAlike() throws IOException {
        sameSnapshot("""
                {
                  "tags" : { "docker.io/library/busybox:latest" : "%s", "127.0.0.1:5000/x:1" : "%s" },
                  "images" : {
                    "%s" : { "id" : "%s", "manifestDigest" : "%s",
                      "manifestMediaType" : "application/vnd.oci.image.manifest.v1+json",
                      "diffIds" : [ "%s", "%s" ], "size" : 1984308, "repoDigests" : [ "docker.io/library/busybox@%s" ] },
                    "%s" : { "id" : "%s", "manifestDigest" : "%s", "diffIds" : [ ], "size" : 12345678901 }
                  }
                }""".formatted(D1, D2, D1, D1, D3, D2, D3, D3, D2, D2, D1));
        sameSnapshot("{}");
        sameSnapshot("{\"tags\":{},\"images\":{}}");
    }

    @Test
    void brokenFilesAreUnreadableNotSurprising() {
        for (String bad : new String[] {"", "{", "{\"tags\":{\"a\":\"sha256:zz\"}}",
                "{\"images\":{\"x\":{\"id\":\"" + D1 + "\"}}}", "[1,]", "{\"a\":1} x", "\"\\q\""}) {
            assertThrows(IOException.class, () -> StoreJson.snapshot(utf8(bad)), bad);
        }
        assertThrows(IOException.class, () -> StoreJson.config(utf8("{\"config\":{\"Cmd\":{}}}")));
    }
}
