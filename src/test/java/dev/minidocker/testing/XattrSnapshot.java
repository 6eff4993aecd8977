package dev.minidocker.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test oracle for extended attributes, independent of mini-docker's own FFM code: Python's
 * os.listxattr/os.getxattr (not following symlinks) over a tree. Maps "/relative/path" to
 * "key=hexvalue" lines, sorted; overlay's own trusted.overlay.* bookkeeping is left out.
 */
public final class XattrSnapshot {
    private static final String SCRIPT = """
            import os, sys
            root = sys.argv[1]
            for d, dirs, files in os.walk(root):
                for n in sorted(dirs + files) + ([None] if d == root else []):
                    p = d if n is None else os.path.join(d, n)
                    try:
                        keys = os.listxattr(p, follow_symlinks=False)
                    except OSError:
                        continue
                    for k in sorted(keys):
                        if k.startswith('trusted.overlay.') or k.startswith('user.overlay.'):
                            continue
                        v = os.getxattr(p, k, follow_symlinks=False)
                        print('/' + os.path.relpath(p, root) + '\\t' + k + '=' + v.hex())
            """;

    private XattrSnapshot() {}

    /** path -> "key=hex; key=hex" for every path with xattrs (the root as "/."). */
    public static Map<String, String> of(Path root) {
        Map<String, String> out = new TreeMap<>();
        for (String line : Tools.run("python3", "-c", SCRIPT, root.toString()).split("\n")) {
            if (line.isBlank()) continue;
            int tab = line.indexOf('\t');
            out.merge(line.substring(0, tab), line.substring(tab + 1), (a, b) -> a + "; " + b);
        }
        return out;
    }
}
