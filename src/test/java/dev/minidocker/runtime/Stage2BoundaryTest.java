package dev.minidocker.runtime;

import dev.minidocker.runtime.init.Stage2;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage-2 jar is a package boundary: stage 2 (runtime/init) and what it shares with the
 * launcher (runtime/spec) use nothing of mini-docker but linux/**, each other and
 * MiniDockerException (model/** would be allowed too), and the jar the build makes for stage 2
 * (pom.xml, execution stage2-jar) holds exactly these. Checked on the compiled classes: every class
 * named in a constant pool (imports, fully qualified names, Class.forName strings) counts.
 */
class Stage2BoundaryTest {
    /** What the stage-2 jar may hold, as pom.xml's include patterns. */
    static final Set<String> ALLOWED = Set.of("dev/minidocker/MiniDockerException.class", "dev/minidocker/linux/**",
            "dev/minidocker/runtime/spec/**", "dev/minidocker/runtime/init/**", "dev/minidocker/model/**");
    private static final Pattern NAME = Pattern.compile("dev[/.]minidocker[/.][A-Za-z0-9_$/.]*[A-Za-z0-9_$]");

    private final Path classes = classesDir();

    @Test
    void initAndSpecUseNothingOfTheRuntimeButEachOther() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : List.of("dev/minidocker/runtime/init", "dev/minidocker/runtime/spec")) {
            for (String cls : classesIn(pkg)) {
                for (String used : referencedClasses(cls)) {
                    if (used.startsWith("dev/minidocker/runtime/") && !used.startsWith("dev/minidocker/runtime/init/")
                            && !used.startsWith("dev/minidocker/runtime/spec/")) {
                        violations.add(cls + " -> " + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "runtime/init and runtime/spec may import only each other from runtime");
    }

    @Test
    void everythingStage2ReachesIsInsideTheBoundary() throws IOException {
        List<String> outside = new ArrayList<>();
        for (String cls : reachableFromStage2()) {
            if (!matchesAny(ALLOWED, cls)) outside.add(cls);
        }
        assertEquals(List.of(), outside, "stage 2 reaches classes outside its jar's boundary");
    }

    @Test
    void theStage2JarHoldsExactlyTheBoundary() throws IOException {
        Set<String> includes = stage2JarIncludes();
        for (String include : includes) assertTrue(ALLOWED.contains(include), "pom.xml's stage-2 jar includes " + include);
        List<String> missing = new ArrayList<>();
        for (String cls : reachableFromStage2()) if (!matchesAny(includes, cls)) missing.add(cls);
        assertEquals(List.of(), missing, "classes stage 2 reaches that its jar lacks");
    }

    /** Every mini-docker class reachable from runtime/init (stage 2's code) through constant pools. */
    private Set<String> reachableFromStage2() throws IOException {
        Set<String> seen = new TreeSet<>(classesIn("dev/minidocker/runtime/init"));
        Deque<String> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (String used : referencedClasses(todo.pop())) {
                if (Files.exists(classFile(used)) && seen.add(used)) todo.push(used);
            }
        }
        return seen;
    }

    private static boolean matchesAny(Set<String> patterns, String cls) {
        for (String p : patterns) {
            if (p.endsWith("/**") ? cls.startsWith(p.substring(0, p.length() - 2)) : p.equals(cls + ".class")) return true;
        }
        return false;
    }

    private List<String> classesIn(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
            return files.map(f -> pkg + "/" + f.getFileName().toString().replace(".class", ""))
                    .filter(n -> !n.endsWith("/package-info")).sorted().toList();
        }
    }

    private Path classFile(String cls) {
        return classes.resolve(cls + ".class");
    }

    /** The mini-docker classes a class file names: its class entries, descriptors and string constants. */
    private Set<String> referencedClasses(String cls) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String utf8 : utf8Constants(classFile(cls))) {
            Matcher m = NAME.matcher(utf8);
            while (m.find()) {
                String name = m.group().replace('.', '/');
                if (!name.equals(cls)) names.add(name);
            }
        }
        return names;
    }

    /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4). */
    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file: " + classFile);
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // takes two entries
                    }
                    default -> throw new IOException("constant pool tag " + tag + " in " + classFile);
                }
            }
        }
        return out;
    }

    /** The include patterns of pom.xml's stage2-jar execution. */
    private static Set<String> stage2JarIncludes() throws IOException {
        String pom = Files.readString(Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("pom.xml"));
        int execution = pom.indexOf("<id>stage2-jar</id>");
        assertTrue(execution > 0, "pom.xml has no stage2-jar execution");
        String includes = pom.substring(pom.indexOf("<includes>", execution), pom.indexOf("</includes>", execution));
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<include>([^<]+)</include>").matcher(includes);
        while (m.find()) out.add(m.group(1).trim());
        return out;
    }

    private static Path classesDir() {
        try {
            Path p = Path.of(Stage2.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(p)) throw new AssertionError("stage 2's classes come from " + p + ", not a classes dir");
            return p;
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
