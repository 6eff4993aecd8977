package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The registry calls of one push to one repository, sharing one token scope: push and pull on
 * the target, pull on every repository a blob may be mounted from (so one token serves the whole
 * push). Thread-safe: layers are pushed in parallel. Get one from {@link RegistryClient#push}.
 */
public final class PushSession {
    private final ImageReference target;
    private final String scope;
    private final BlobChecker checker;
    private final BlobMounter mounter;
    private final BlobUploader uploader;
    private final ManifestPusher manifests;

    PushSession(RegistryHttp http, ImageReference target, Collection<String> mountSources) {
        this(http, target, mountSources, BlobUploader.CHUNK);
    }

    PushSession(RegistryHttp http, ImageReference target, Collection<String> mountSources, long chunkSize) {
        this.target = target;
        StringBuilder s = new StringBuilder("repository:").append(target.repository()).append(":push,pull");
        for (String from : new TreeSet<>(mountSources)) {
            if (!from.equals(target.repository())) s.append(" repository:").append(from).append(":pull");
        }
        this.scope = s.toString();
        this.checker = new BlobChecker(http);
        this.mounter = new BlobMounter(http);
        this.uploader = new BlobUploader(http, chunkSize);
        this.manifests = new ManifestPusher(http);
    }

    public ImageReference target() {
        return target;
    }

    /** HEAD: does the target repository have this blob? */
    public boolean blobExists(Digest digest) {
        return checker.exists(target, digest, scope);
    }

    /**
     * Cross-repository mount from {@code fromRepository} (same registry). Returns true when
     * mounted; otherwise the blob must be uploaded, and {@link #upload} reuses the session the
     * registry opened (pass {@code pendingUpload} back).
     */
    public MountResult mount(Digest digest, String fromRepository) {
        BlobMounter.Outcome o = mounter.mount(target, digest, fromRepository, scope);
        return new MountResult(o.mounted(), o.uploadLocation());
    }

    /** What a mount attempt gave: mounted, or an open upload session (possibly null). */
    public record MountResult(boolean mounted, String pendingUpload) {}

    /**
     * Uploads a blob (monolithic up to 8 MiB, else chunked PATCHes); {@code pendingUpload} is a
     * refused mount's session or null; {@code progress} gets the bytes sent so far.
     */
    public void upload(Digest digest, BlobContent content, String pendingUpload, LongConsumer progress) {
        uploader.upload(target, digest, content, pendingUpload, scope, progress);
    }

    /**
     * Uploads a blob while it is still being written (chunked, as it grows); returns the digest
     * it was stored under. Throws when the writer fails.
     */
    public Digest uploadGrowing(GrowingBlobContent content, String pendingUpload, LongConsumer progress)
            throws java.io.IOException {
        return uploader.uploadGrowing(target, content, pendingUpload, scope, progress);
    }

    /** PUTs a manifest under {@code reference} (a tag); returns its digest. */
    public Digest putManifest(String reference, String mediaType, byte[] manifest) {
        return manifests.put(target, reference, mediaType, manifest, scope);
    }
}
