package dev.minidocker.runtime.seccomp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a profile in Docker's JSON format and checks it, so that a bad one fails before a
 * container is created, with one line naming the file and the problem:
 * {@code seccomp profile /etc/p.json: syscalls[3] (mkdirat): unknown action "SCMP_ACT_DENY"}.
 * Parent-side only (Jackson): stage 2 gets the compiled program.
 */
public final class SeccompProfileReader {
    /**
     * Our default profile, in the jar: the effect of Docker's default in our own layout
     * (tools/seccomp/regroup-profile.py writes it; SeccompDefaultProfileTest checks the effect).
     */
    public static final String DOCKER_DEFAULT_RESOURCE = "/seccomp/default.json";
    /** The resource's sha256 (a test checks it): the built-in profile's identity in the filter cache. */
    public static final String DOCKER_DEFAULT_SHA256 = "ff6a2eb197173a4ceade99c0019c6f6cf5425980749d12377f957756092cedff";
    /** How errors name the built-in profile. */
    public static final String DOCKER_DEFAULT_ORIGIN = "the default profile (built in)";
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final ObjectReader JSON = Json.MAPPER.readerFor(SeccompProfile.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SeccompProfileReader() {}

    public static SeccompProfile read(Path file) {
        return parse(bytesOf(file), file.toString());
    }

    /** The built-in default profile (the effect of Docker's default). */
    public static SeccompProfile dockerDefault() {
        return parse(dockerDefaultBytes(), DOCKER_DEFAULT_ORIGIN);
    }

    /** A profile file's bytes; a missing or unreadable file is a one-line SeccompProfileException. */
    public static byte[] bytesOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SeccompProfileException(file.toString(), "no such file");
        } catch (AccessDeniedException e) {
            throw new SeccompProfileException(file.toString(), "permission denied");
        } catch (IOException e) {
            throw new SeccompProfileException(file.toString(), "cannot read it: " + e.getMessage(), e);
        }
    }

    public static byte[] dockerDefaultBytes() {
        try (InputStream in = SeccompProfileReader.class.getResourceAsStream(DOCKER_DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + DOCKER_DEFAULT_RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("read " + DOCKER_DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Parses and checks; {@code origin} names the profile in errors (a path). */
    public static SeccompProfile parse(byte[] json, String origin) {
        SeccompProfile profile;
        try {
            profile = JSON.readValue(json);
        } catch (JsonProcessingException e) {
            throw new SeccompProfileException(origin, "malformed JSON" + where(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new SeccompProfileException(origin, "cannot parse it: " + e.getMessage(), e);
        }
        if (profile == null) throw new SeccompProfileException(origin, "not a JSON object");
        check(profile, origin);
        return profile;
    }

    private static void check(SeccompProfile p, String origin) {
        if (!isEmpty(p.architectures()) && !isEmpty(p.archMap())) {
            throw new SeccompProfileException(origin, "both 'architectures' and 'archMap' are specified, use either");
        }
        if (!isEmpty(p.flags())) throw new SeccompProfileException(origin, "'flags' " + p.flags() + " are not supported");
        if (p.listenerPath() != null && !p.listenerPath().isEmpty()) {
            throw new SeccompProfileException(origin, "a notify listener ('listenerPath') is not supported");
        }
        for (String arch : orEmpty(p.architectures())) checkArch(arch, "architectures", origin);
        for (SeccompProfile.ArchMap m : orEmpty(p.archMap())) {
            checkArch(m.architecture(), "archMap", origin);
            for (String sub : orEmpty(m.subArchitectures())) checkArch(sub, "archMap", origin);
        }
        boolean hasDefault = p.defaultAction() != null && !p.defaultAction().isEmpty();
        if (!hasDefault && !isEmpty(p.syscalls())) throw new SeccompProfileException(origin, "no 'defaultAction'");
        if (hasDefault) checkAction(p.defaultAction(), p.defaultErrnoRet(), "defaultAction", origin);
        List<SeccompProfile.Syscall> calls = orEmpty(p.syscalls());
        for (int i = 0; i < calls.size(); i++) checkSyscall(calls.get(i), "syscalls[" + i + "]", origin);
    }

    private static void checkSyscall(SeccompProfile.Syscall s, String at, String origin) {
        if (s == null) throw new SeccompProfileException(origin, at + " is null");
        boolean hasName = s.name() != null && !s.name().isEmpty();
        if (hasName && !isEmpty(s.names())) {
            throw new SeccompProfileException(origin, at + ": both 'name' and 'names' are specified, use either");
        }
        List<String> names = hasName ? List.of(s.name()) : orEmpty(s.names());
        if (names.isEmpty()) throw new SeccompProfileException(origin, at + ": no syscall 'names'");
        // A rule may name hundreds of calls (podman's allow-list): the first three say which one it is.
        String where = at + " (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                + (names.size() > 3 ? ", ... " + (names.size() - 3) + " more" : "") + ")";
        for (String n : names) if (n == null || n.isEmpty()) throw new SeccompProfileException(origin, where + ": an empty syscall name");
        if (s.action() == null) throw new SeccompProfileException(origin, where + ": no 'action'");
        checkAction(s.action(), s.errnoRet(), where, origin);
        for (SeccompProfile.Arg arg : orEmpty(s.args())) {
            if (arg == null) throw new SeccompProfileException(origin, where + ": a null argument condition");
            if (arg.index() < 0 || arg.index() > 5) {
                throw new SeccompProfileException(origin, where + ": argument index " + arg.index() + " is not 0 to 5");
            }
            if (arg.op() == null || SeccompNames.op(arg.op()) < 0) {
                throw new SeccompProfileException(origin, where + ": unknown comparison \"" + arg.op() + "\"");
            }
            checkUint64(arg.value(), where, origin);
            checkUint64(arg.valueTwo(), where, origin);
        }
        for (SeccompProfile.Filter f : new SeccompProfile.Filter[] {s.includes(), s.excludes()}) {
            if (f != null && f.minKernel() != null && !f.minKernel().isEmpty() && KernelVersion.parse(f.minKernel()) == null) {
                throw new SeccompProfileException(origin, where + ": minKernel \"" + f.minKernel() + "\" is not a kernel version");
            }
        }
    }

    private static void checkAction(String action, Integer errnoRet, String where, String origin) {
        if (action.equals("SCMP_ACT_NOTIFY")) throw new SeccompProfileException(origin, where + ": SCMP_ACT_NOTIFY is not supported");
        if (!SeccompNames.isAction(action)) throw new SeccompProfileException(origin, where + ": unknown action \"" + action + "\"");
        // An errnoRet on another action is ignored, as runc (Docker's runtime) ignores it.
        if (errnoRet != null && SeccompNames.takesErrno(action) && (errnoRet < 0 || errnoRet > 0xffff)) {
            throw new SeccompProfileException(origin, where + ": errnoRet " + errnoRet + " is out of range");
        }
    }

    private static void checkArch(String arch, String where, String origin) {
        if (SeccompNames.libseccompArch(arch) == null) {
            throw new SeccompProfileException(origin, where + ": unknown architecture \"" + arch + "\"");
        }
    }

    private static void checkUint64(BigInteger v, String where, String origin) {
        if (v != null && (v.signum() < 0 || v.compareTo(UINT64_LIMIT) >= 0)) {
            throw new SeccompProfileException(origin, where + ": argument value " + v + " is not a uint64");
        }
    }

    private static String where(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean isEmpty(List<?> l) {
        return l == null || l.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
