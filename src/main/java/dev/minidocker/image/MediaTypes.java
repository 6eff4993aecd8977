package dev.minidocker.image;

import java.util.Set;

/** The manifest, config and layer media types mini-docker understands. */
public final class MediaTypes {
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_FOREIGN = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDIST_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    /** What a manifest GET asks for, best first (Docker's own Accept list plus OCI). */
    public static final String MANIFEST_ACCEPT = String.join(", ",
            OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    public static final Set<String> SCHEMA1 = Set.of(DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED);

    private MediaTypes() {}

    public static Compression layerCompression(String mediaType) {
        return switch (mediaType) {
            case DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN, OCI_LAYER_GZIP, OCI_LAYER_NONDIST_GZIP -> Compression.GZIP;
            case OCI_LAYER_ZSTD -> Compression.ZSTD;
            case OCI_LAYER, "application/vnd.oci.image.layer.nondistributable.v1.tar" -> Compression.NONE;
            default -> throw new UnsupportedMediaTypeException("unsupported layer media type: " + mediaType);
        };
    }

    public enum Compression { NONE, GZIP, ZSTD }
}
