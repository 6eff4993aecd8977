package dev.minidocker.cli;

import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.image.RegistryService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mini-docker login [-u USER] [-p PASS | --password-stdin] [SERVER]}: checks the
 * credentials against the registry, then stores them where docker would: the registry's credential
 * helper ({@code credHelpers}, {@code credsStore}) if config.json names one, else config.json.
 */
@Command(name = "login", description = "Log in to a registry (default: Docker Hub).")
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--username"}, description = "User name.")
    String username;

    @Option(names = {"-p", "--password"}, description = "Password or token (visible to other users: prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Directory of config.json (default: $DOCKER_CONFIG or ~/.docker).")
    Path configDir;

    @Option(names = "--insecure-registry", paramLabel = "REGISTRY",
            description = "Allow plain HTTP to this registry (repeatable).")
    List<String> insecureRegistries = List.of();

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry, e.g. 127.0.0.1:5000.")
    String server;

    static String registryOf(String server) {
        return RegistryService.registryOf(server);
    }

    @Override
    public Integer call() {
        String registry = registryOf(server);
        if (password != null && passwordStdin) {
            throw new MiniDockerException("--password and --password-stdin are mutually exclusive");
        }
        if (passwordStdin && username == null) {
            throw new MiniDockerException("must provide --username with --password-stdin");
        }
        if (password != null) {
            spec.commandLine().getErr().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        RegistryService registries = new RegistryService();
        if (username == null && password == null && !passwordStdin && loginWithStored(registries, registry)) return 0;
        RegistryCredentials creds = new RegistryCredentials(username != null ? username : promptUser(registry), readPassword());
        if (creds.username().isEmpty()) throw new MiniDockerException("username is empty");
        if (creds.password().isEmpty()) throw new MiniDockerException("password is empty");

        registries.verifyLogin(configDir, insecureRegistries, registry, creds);
        try {
            registries.save(configDir, registry, creds);
        } catch (MiniDockerException e) {
            throw new MiniDockerException("Error saving credentials: " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println("Login Succeeded");
        return 0;
    }

    /**
     * docker login without -u/-p first tries what is stored (in config.json or the helper); true
     * when the registry took it. Anything else (nothing stored, a helper error, a refusal) goes on
     * to the prompt, as docker's runLogin does.
     */
    private boolean loginWithStored(RegistryService registries, String registry) {
        RegistryCredentials stored;
        try {
            stored = registries.stored(configDir, registry).filter(c -> c.hasPassword() && !c.password().isEmpty()).orElse(null);
        } catch (MiniDockerException e) {
            return false;
        }
        if (stored == null) return false;
        var out = spec.commandLine().getOut();
        out.println("Authenticating with existing credentials... [Username: " + stored.username() + "]");
        out.println("To login with a different account, run 'mini-docker logout' followed by 'mini-docker login'");
        out.println();
        out.flush();
        try {
            registries.verifyLogin(configDir, insecureRegistries, registry, stored);
        } catch (RegistryService.LoginDeniedException e) {
            spec.commandLine().getErr().println("Stored credentials invalid or expired");
            return false;
        } catch (MiniDockerException e) {
            spec.commandLine().getErr().println("Login did not succeed, error: " + e.getMessage());
            return false;
        }
        out.println("Login Succeeded");
        return true;
    }

    private String promptUser(String registry) {
        Console console = interactiveConsole();
        String u = console.readLine("Username (%s): ", registry);
        return u == null ? "" : u.trim();
    }

    private String readPassword() {
        if (password != null) return password;
        if (passwordStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line.strip();
            } catch (IOException e) {
                throw new MiniDockerException("read password from standard input: " + e.getMessage(), e);
            }
        }
        char[] p = interactiveConsole().readPassword("Password: ");
        return p == null ? "" : new String(p);
    }

    private static Console interactiveConsole() {
        Console console = System.console();
        // since JDK 22 System.console() exists even with stdin redirected: ask isTerminal()
        if (console == null || !console.isTerminal()) {
            throw new MiniDockerException("cannot perform an interactive login from a non TTY device");
        }
        return console;
    }
}
