package dev.minidocker.image.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A {@code docker-credential-NAME} shell script in a directory (to put on a PATH): a tiny keychain
 * of one file per server URL that speaks the helper protocol (get/store/erase, "credentials not
 * found in native keychain" and exit 1 when it has nothing) and logs "ACTION SERVERURL" lines.
 */
public final class FakeCredentialHelper {
    private static final String SCRIPT = """
            #!/bin/sh
            db="$0.d"
            mkdir -p "$db"
            input=$(cat)
            key() { printf %s "$1" | od -An -tx1 | tr -d ' \\n'; }
            case "$1" in
              get|erase) echo "$1 $input" >> "$0.log"; f="$db/$(key "$input")" ;;
              store) url=$(printf %s "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p'); echo "store $url" >> "$0.log"; f="$db/$(key "$url")" ;;
              *) echo "unknown action: $1"; exit 1 ;;
            esac
            case "$1" in
              get) if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
              store) printf %s "$input" > "$f" ;;
              erase) if [ -f "$f" ]; then rm "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
            esac
            """;

    private final Path program;

    private FakeCredentialHelper(Path program) {
        this.program = program;
    }

    /** Writes {@code dir/docker-credential-NAME}. */
    public static FakeCredentialHelper install(Path dir, String name) throws IOException {
        return new FakeCredentialHelper(script(dir, name, SCRIPT));
    }

    /** Writes {@code dir/docker-credential-NAME} with this shell body (after {@code #!/bin/sh}). */
    public static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(CredentialHelper.PREFIX + name);
        Files.writeString(p, body.startsWith("#!") ? body : "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** Puts an entry in the keychain as {@code docker-credential-NAME store} would. */
    public void put(String serverUrl, String username, String secret) throws IOException {
        String json = "{\"ServerURL\":\"" + serverUrl + "\",\"Username\":\"" + username + "\",\"Secret\":\"" + secret + "\"}";
        Files.createDirectories(Path.of(program + ".d"));
        Files.writeString(entry(serverUrl), json);
    }

    /** The JSON stored for a server URL, or null. */
    public String stored(String serverUrl) throws IOException {
        try {
            return Files.readString(entry(serverUrl));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** "ACTION SERVERURL" per call so far. */
    public List<String> calls() throws IOException {
        Path log = Path.of(program + ".log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Path entry(String serverUrl) {
        StringBuilder hex = new StringBuilder();
        for (byte b : serverUrl.getBytes(StandardCharsets.UTF_8)) hex.append(String.format("%02x", b));
        return Path.of(program + ".d").resolve(hex.toString());
    }
}
