package dev.minidocker.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker token service for a real docker-registry's {@code auth: token} (the protocol Docker
 * Hub speaks): GET /token?service=&scope=... with HTTP Basic credentials answers an RS256 JWT
 * signed by a key whose self-signed certificate (made with the JDK's keytool) is the registry's
 * rootcertbundle and rides in the token's x5c header. Known users get every action they ask
 * for; anonymous or wrong credentials get 401.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "md-test-registry", ISSUER = "md-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> users;
    private final PrivateKey key;
    private final byte[] certificate;
    private final Path certFile;
    /** Each token request: "user scope scope ...". */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public TokenServer(Path dir, Map<String, String> users) throws Exception {
        this.users = Map.copyOf(users);
        Path ks = dir.resolve("token.p12");
        Tools.run("keytool", "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=md-token", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) store.getKey("token", "changeit".toCharArray());
        Certificate cert = store.getCertificate("token");
        certificate = cert.getEncoded();
        certFile = dir.resolve("token-cert.pem");
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate) + "\n-----END CERTIFICATE-----\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The registry's auth section pointing at this service. */
    public String authYaml() {
        return """
                auth:
                  token:
                    realm: http://127.0.0.1:%d/token
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(server.getAddress().getPort(), SERVICE, ISSUER, certFile);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String user = authenticatedUser(ex.getRequestHeaders().getFirst("Authorization"));
            List<String> scopes = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            if (query != null) {
                for (String param : query.split("&")) {
                    if (param.startsWith("scope=")) scopes.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
                }
            }
            requests.add((user == null ? "-" : user) + " " + String.join(" ", scopes));
            if (user == null) {
                byte[] body = "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(401, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("token", token(user, scopes), "expires_in", 300));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String authenticatedUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) return null;
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) return null;
        String user = pair.substring(0, colon);
        return pair.substring(colon + 1).equals(users.get(user)) ? user : null;
    }

    private String token(String user, List<String> scopes) throws Exception {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", Long.toHexString(System.nanoTime()));
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            int first = scope.indexOf(':'), last = scope.lastIndexOf(':');
            if (first < 0 || last <= first) continue;
            ObjectNode a = access.addObject().put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last));
            ArrayNode actions = a.putArray("actions");
            for (String action : scope.substring(last + 1).split(",")) actions.add(action);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
