package dev.minidocker.image.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.minidocker.image.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store remembers about one image, keyed by its id (the config digest).
 *
 * @param id                the config digest: Docker's image id
 * @param manifestDigest    the manifest it came from (synthesised for a Docker archive load)
 * @param manifestMediaType that manifest's media type
 * @param diffIds           the layers, bottom first (the config's rootfs.diff_ids)
 * @param size              the sum of the extracted layers' sizes, in bytes
 * @param repoDigests       {@code repo@sha256:...} names it was pulled by
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
        Digest id,
        Digest manifestDigest,
        String manifestMediaType,
        List<Digest> diffIds,
        long size,
        List<String> repoDigests) {

    public ImageRecord {
        diffIds = List.copyOf(diffIds);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }

    /** The same record also known by {@code repoDigest} (no duplicates). */
    public ImageRecord withRepoDigest(String repoDigest) {
        if (repoDigest == null || repoDigests.contains(repoDigest)) return this;
        List<String> all = new ArrayList<>(repoDigests);
        all.add(repoDigest);
        return new ImageRecord(id, manifestDigest, manifestMediaType, diffIds, size, all);
    }
}
