package dev.minidocker.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void dockerHubBearerChallenge() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertEquals(1, c.size());
        assertTrue(c.get(0).isBearer());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:library/busybox:pull"), c.get(0).params());
    }

    @Test
    void basicChallengeWithSpacesAndCaseVariations() {
        List<AuthChallenge> c = AuthChallenge.parse("BASIC  Realm = \"Registry, with comma\"");
        assertEquals(List.of(new AuthChallenge("basic", Map.of("realm", "Registry, with comma"))), c);
    }

    @Test
    void severalChallengesInOneHeaderAndEscapesInQuotes() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Basic realm=\"a \\\"quoted\\\" realm\", Bearer realm=\"https://h/token\",service=svc, scope=\"x:y:pull,push\"");
        assertEquals(2, c.size());
        assertEquals("a \"quoted\" realm", c.get(0).param("realm"));
        assertEquals("svc", c.get(1).param("service"));
        assertEquals("x:y:pull,push", c.get(1).param("scope"));
    }

    @Test
    void tokenUriEncodesServiceAndScope() {
        assertEquals("https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fbusybox%3Apull",
                Authenticator.tokenUri("https://auth.docker.io/token", "registry.docker.io",
                        "repository:library/busybox:pull").toString());
        assertEquals("https://h/t?a=b&service=s", Authenticator.tokenUri("https://h/t?a=b", "s", null).toString());
    }
}
