package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** credsStore / credHelpers as docker resolves them, against a real helper program. */
class CredentialHelperStoreTest {
    private static final String HUB = "https://index.docker.io/v1/";

    @TempDir
    Path config;
    @TempDir
    Path bin;

    private CredentialStore storeWith(String json) throws Exception {
        Files.writeString(config.resolve("config.json"), json);
        return CredentialStore.inDirectory(config).withHelperPath(List.of(bin));
    }

    @Test
    void credsStoreIsAskedWithDockersKeysAndItsAnswerWins() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        helper.put(HUB, "hubuser", "hubsecret");
        helper.put("127.0.0.1:5000", "local", "pw");
        String plain = new RegistryCredentials("plain", "text").encode();
        CredentialStore s = storeWith("{\"credsStore\":\"test\",\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + plain + "\"}}}");
        assertEquals(Optional.of(new RegistryCredentials("hubuser", "hubsecret")), s.lookup("docker.io"));
        assertEquals(Optional.of(new RegistryCredentials("local", "pw")), s.lookup("127.0.0.1:5000"));
        // the helper has nothing: anonymous, the plain-text entry is not consulted (docker's nativeStore)
        assertEquals(Optional.empty(), s.lookup("127.0.0.1:5001"));
        assertEquals(List.of("get " + HUB, "get 127.0.0.1:5000", "get 127.0.0.1:5001"), helper.calls());
        s.lookup("docker.io");
        assertEquals(3, helper.calls().size(), "one helper run per registry and store");
    }

    @Test
    void credHelpersForTheExactKeyBeatCredsStoreWhichBeatsAuths() throws Exception {
        FakeCredentialHelper ecr = FakeCredentialHelper.install(bin, "ecr");
        FakeCredentialHelper desk = FakeCredentialHelper.install(bin, "desk");
        ecr.put("reg.example.com", "AWS", "ecr-token");
        desk.put("reg.example.com", "desk", "desk-pw");
        desk.put("other.example.com", "desk", "other-pw");
        CredentialStore s = storeWith("{\"credHelpers\":{\"reg.example.com\":\"ecr\",\"plain.example.com\":\"\"},"
                + "\"credsStore\":\"desk\",\"auths\":{\"plain.example.com\":{\"username\":\"u\",\"password\":\"p\"}}}");
        assertEquals(Optional.of(new RegistryCredentials("AWS", "ecr-token")), s.lookup("reg.example.com"));
        assertEquals(Optional.of(new RegistryCredentials("desk", "other-pw")), s.lookup("other.example.com"));
        // an empty credHelpers entry means config.json, not credsStore (getConfiguredCredentialStore)
        assertEquals(Optional.of(new RegistryCredentials("u", "p")), s.lookup("plain.example.com"));
        assertEquals(List.of("get reg.example.com"), ecr.calls());
    }

    @Test
    void tokenUserMeansTheSecretIsAnIdentityToken() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        helper.put(HUB, "<token>", "refresh-me");
        RegistryCredentials c = storeWith("{\"credsStore\":\"test\"}").lookup("docker.io").orElseThrow();
        assertEquals("refresh-me", c.identityToken());
        assertFalse(c.hasPassword());
        assertFalse(c.toString().contains("refresh-me"));
    }

    @Test
    void identityTokenInAuthsIsRead() throws Exception {
        CredentialStore s = storeWith("{\"auths\":{\"" + HUB + "\":{\"auth\":\"" + new RegistryCredentials("bob", "").encode()
                + "\",\"identitytoken\":\"tok\"}}}");
        assertEquals(Optional.of(new RegistryCredentials("bob", "", "tok")), s.lookup("docker.io"));
    }

    @Test
    void aMissingHelperIsDockersOneLineError() throws Exception {
        CredentialStore s = storeWith("{\"credsStore\":\"pass\"}");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> s.lookup("docker.io"));
        assertEquals("error getting credentials - err: exec: \"docker-credential-pass\": executable file not found"
                + " in $PATH, out: ``", e.getMessage());
    }

    @Test
    void aFailingHelperIsAnErrorThatShowsItsMessage() throws Exception {
        FakeCredentialHelper.script(bin, "broken", "cat >/dev/null; echo 'gpg: decryption failed: No secret key'; exit 1\n");
        CredentialStore s = storeWith("{\"credsStore\":\"broken\"}");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> s.lookup("127.0.0.1:5000"));
        assertEquals("error getting credentials - err: exit status 1, out: `gpg: decryption failed: No secret key`",
                e.getMessage());
    }

    @Test
    void garbageFromAHelperIsNotEchoed() throws Exception {
        FakeCredentialHelper.script(bin, "garbage", "cat >/dev/null; echo 'Secret: hunter2'\n");
        CredentialStore s = storeWith("{\"credsStore\":\"garbage\"}");
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> s.lookup("127.0.0.1:5000"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void saveAndEraseGoThroughTheHelperAndLeaveDockersEmptyEntry() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        CredentialStore s = storeWith("{\"credsStore\":\"test\",\"auths\":{\"http://127.0.0.1:5000\":{\"auth\":\""
                + new RegistryCredentials("old", "old").encode() + "\"}}}");
        s.save("127.0.0.1:5000", new RegistryCredentials("alice", "s3cret"));
        assertEquals("{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}",
                helper.stored("127.0.0.1:5000"));
        String file = Files.readString(config.resolve("config.json"));
        assertFalse(file.contains("s3cret") || file.contains(new RegistryCredentials("alice", "s3cret").encode()), file);
        JsonNode root = new ObjectMapper().readTree(file);
        assertEquals("test", root.path("credsStore").asText());
        assertEquals(1, root.path("auths").size(), "the old plain-text spelling is gone");
        assertEquals(0, root.path("auths").path("127.0.0.1:5000").size(), "docker keeps an empty entry");
        assertEquals(Optional.of(new RegistryCredentials("alice", "s3cret")), s.lookup("127.0.0.1:5000"));

        assertEquals(List.of(), s.erase("127.0.0.1:5000"));
        assertNull(helper.stored("127.0.0.1:5000"));
        assertTrue(helper.calls().containsAll(List.of("erase 127.0.0.1:5000", "erase http://127.0.0.1:5000",
                "erase https://127.0.0.1:5000")), helper.calls().toString());
        assertEquals(0, new ObjectMapper().readTree(config.resolve("config.json").toFile()).path("auths").size());
        assertEquals(Optional.empty(), s.lookup("127.0.0.1:5000"));

        List<String> again = s.erase("127.0.0.1:5000");
        assertEquals(3, again.size(), "nothing left anywhere: every spelling's erase failed");
        assertEquals("127.0.0.1:5000: error erasing credentials - err: exit status 1, out: "
                + "`credentials not found in native keychain`", again.get(0));
    }

    @Test
    void dockerAuthConfigEntriesForTheExactKeyComeFirst() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        helper.put("127.0.0.1:5000", "fromhelper", "pw");
        CredentialStore s = storeWith("{\"credsStore\":\"test\"}").withEnvironmentAuths("{\"auths\":{\"" + HUB
                + "\":{\"auth\":\"" + new RegistryCredentials("ci", "token").encode() + "\"},\"http://127.0.0.1:5000\":{\"auth\":\""
                + new RegistryCredentials("other", "spelling").encode() + "\"}}}");
        assertEquals(Optional.of(new RegistryCredentials("ci", "token")), s.lookup("docker.io"));
        assertEquals(Optional.of(new RegistryCredentials("fromhelper", "pw")), s.lookup("127.0.0.1:5000"), "exact keys only");
        assertEquals(List.of("get 127.0.0.1:5000"), helper.calls());
        assertEquals(Optional.of(new RegistryCredentials("fromhelper", "pw")),
                storeWith("{\"credsStore\":\"test\"}").withEnvironmentAuths("not json").lookup("127.0.0.1:5000"));
    }

    @Test
    void identityTokenIsStoredAsDockersTokenUser() throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        storeWith("{\"credsStore\":\"test\"}").save("docker.io", RegistryCredentials.ofIdentityToken("idt"));
        assertEquals("{\"ServerURL\":\"" + HUB + "\",\"Username\":\"<token>\",\"Secret\":\"idt\"}", helper.stored(HUB));
    }
}
