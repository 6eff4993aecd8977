package dev.minidocker.runtime.spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What the launcher writes to stage 2's sync pipe: where to go in the cgroup tree, then the spec. */
public record Stage2Message(CgroupPlacement cgroup, ContainerSpec spec) {

    public byte[] encode() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            cgroup.writeTo(out);
            out.write(SpecCodec.encode(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Stage2Message decode(byte[] data) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            CgroupPlacement cgroup = CgroupPlacement.readFrom(in);
            return new Stage2Message(cgroup, SpecCodec.decode(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("malformed message to stage 2", e);
        }
    }
}
