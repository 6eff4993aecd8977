package dev.minidocker.image.layer;

import dev.minidocker.linux.DirFd;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Rebuilds a layer's original tar from its {@link TarSplitRecorder} log and its extracted
 * directory: raw segments are copied, each file's content is read from the directory (through
 * {@link DirFd}, never following a symlink). The caller hashes the output and compares it with
 * the DiffID: a layer whose files no longer match (a name the tar wrote twice, say) gives another
 * digest, and the caller falls back to {@link LayerTarWriter}.
 */
public final class TarSplitAssembler {
    private TarSplitAssembler() {}

    public static void assemble(Path log, Path layerDir, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 18];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(log), 1 << 16), 1 << 16));
             LayerFiles files = new LayerFiles(layerDir)) {
            while (true) {
                int tag = in.read();
                switch (tag) {
                    case 'R' -> copy(in, out, in.readInt(), buf, log.toString());
                    case 'F' -> {
                        long size = in.readLong();
                        byte[] name = new byte[in.readInt()];
                        in.readFully(name);
                        try (InputStream content = files.open(new String(name, StandardCharsets.UTF_8))) {
                            copy(content, out, size, buf, layerDir + "/" + new String(name, StandardCharsets.UTF_8));
                        }
                    }
                    case 'E' -> {
                        return;
                    }
                    default -> throw new LayerException("tar-split " + log + " is damaged (record type " + tag + ")");
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long size, byte[] buf, String what) throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new EOFException(what + ": " + left + " of " + size + " bytes missing");
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Opens files by tar name under the layer root, keeping the last parent directory open. */
    private static final class LayerFiles implements AutoCloseable {
        private final DirFd root;
        private List<String> parentPath = List.of();
        private DirFd parent;

        LayerFiles(Path layerDir) {
            this.root = DirFd.open(layerDir.toString());
        }

        InputStream open(String tarName) {
            EntryPath p = EntryPath.parse(tarName, "tar-split entry");
            if (p.isRoot()) throw new LayerException("tar-split entry `" + tarName + "` names the layer root");
            List<String> dir = p.parent();
            if (parent == null || !dir.equals(parentPath)) {
                closeParent();
                DirFd d = null;
                List<DirFd> opened = new ArrayList<>();
                try {
                    DirFd at = root;
                    for (String c : dir) {
                        at = at.openDir(c);
                        opened.add(at);
                    }
                    d = at;
                } finally {
                    // keep only the innermost; intermediate descriptors are not needed any more
                    for (DirFd o : opened) if (o != d) o.close();
                }
                parent = d;
                parentPath = List.copyOf(dir);
            }
            return parent.openFile(p.name());
        }

        private void closeParent() {
            if (parent != null && parent != root) parent.close();
            parent = null;
        }

        @Override
        public void close() {
            closeParent();
            root.close();
        }
    }
}
