package dev.minidocker.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client's TLS context is made on the first TLS connection: until then nothing of
 * JSSE runs, and once it does, certificates and host names are checked as with the JVM default.
 * Servers use self-signed certificates made by keytool, on 127.0.0.1 only.
 */
class LazySslContextTest {
    @TempDir
    Path tmp;

    @Test
    void plainHttpNeverMakesTheContextAndTlsMakesItOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        KeyStore keys = keyStore("ip:127.0.0.1");
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        HttpsServer tls = tlsServer(keys);
        plain.createContext("/", x -> ok(x, "plain"));
        plain.start();
        try (HttpClient client = client(new LazySslContext(() -> {
            made.incrementAndGet();
            return trusting(keys);
        }))) {
            assertEquals("plain", get(client, "http://127.0.0.1:" + plain.getAddress().getPort() + "/"));
            assertEquals(0, made.get(), "plain HTTP must not create the TLS context");
            String https = "https://127.0.0.1:" + tls.getAddress().getPort() + "/";
            assertEquals("tls", get(client, https));
            assertEquals("tls", get(client, https));
            assertEquals(1, made.get());
        } finally {
            plain.stop(0);
            tls.stop(0);
        }
    }

    @Test
    void hostNamesAreStillChecked() throws Exception {
        KeyStore keys = keyStore("dns:other.test");
        HttpsServer tls = tlsServer(keys);
        try (HttpClient client = client(new LazySslContext(() -> trusting(keys)))) {
            IOException e = assertThrows(IOException.class,
                    () -> get(client, "https://127.0.0.1:" + tls.getAddress().getPort() + "/"));
            assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1"), e.toString());
        } finally {
            tls.stop(0);
        }
    }

    @Test
    void theRegistryClientUsesTheDefaultTrustStore() throws Exception {
        HttpsServer tls = tlsServer(keyStore("ip:127.0.0.1"));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            ImageReference ref = ImageReference.parse("127.0.0.1:" + tls.getAddress().getPort() + "/test/app:latest");
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.resolve(ref, dev.minidocker.image.Platform.parse("linux/amd64")));
            assertTrue(e.getMessage().contains("PKIX") || e.getMessage().contains("certificat"), e.getMessage());
        } finally {
            tls.stop(0);
        }
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .sslParameters(LazySslContext.parameters()).build();
    }

    private static String get(HttpClient client, String uri) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static void ok(com.sun.net.httpserver.HttpExchange x, String body) throws IOException {
        try (x) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
        }
    }

    private static HttpsServer tlsServer(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        s.setHttpsConfigurator(new HttpsConfigurator(server));
        s.createContext("/", x -> ok(x, "tls"));
        s.start();
        return s;
    }

    /** A context trusting only the certificate in {@code keys}. */
    private static SSLContext trusting(KeyStore keys) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("registry", keys.getCertificate("registry"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, tmf.getTrustManagers(), null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed EC key and certificate for subject alternative name {@code san}, made by keytool. */
    private KeyStore keyStore(String san) throws Exception {
        Path file = tmp.resolve("keys-" + san.replace(':', '-') + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=registry",
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
