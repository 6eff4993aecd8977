package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rmi}: untag, delete image records no tag and no container needs, then collect the
 * layers and blobs no remaining image uses. Collection holds the {@code gc} lock exclusively, so
 * it never runs while a pull (which holds it shared) has extracted layers it has not recorded yet.
 */
public final class ImageRemover {
    private final ImageStore store;

    public ImageRemover(ImageStore store) {
        this.store = store;
    }

    /** Removes one image or tag; returns Docker's lines ("Untagged: ...", "Deleted: sha256:..."). */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public List<String> remove(String name, boolean force) {
        List<String> out = new ArrayList<>();
        try (StoreLocks.Held gc = store.locks().exclusive("gc")) {
            store.db().update(s -> {
                out.clear();
                apply(s, name, force, out);
                return s;
            });
            collectGarbage();
        }
        return out;
    }

    private void apply(ImageDb.Snapshot s, String name, boolean force, List<String> out) {
        Map<String, Digest> containers = store.containerImages();
        String tag = tagNamed(s, name);
        Digest id;
        boolean byTag = tag != null;
        if (byTag) {
            id = s.tags().get(tag);
        } else {
            Optional<StoredImage> img = store.find(name);
            if (img.isEmpty()) throw new ImageNotFoundException("No such image: " + name);
            id = img.get().imageId();
        }
        List<String> tags = s.tagsOf(id);
        String user = containers.entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        boolean lastName = byTag ? tags.size() == 1 : true;
        if (!byTag && tags.size() > 1 && !force) {
            throw new MiniDockerException("conflict: unable to delete " + id.shortHex()
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        if (lastName && user != null && !force) {
            throw new MiniDockerException("conflict: unable to remove " + (byTag ? "repository reference \"" + name + "\""
                    : "image " + id.shortHex()) + " (must force) - container " + shortId(user)
                    + " is using its referenced image " + id.shortHex());
        }
        for (String t : byTag ? List.of(tag) : tags) {
            s.tags().remove(t);
            out.add("Untagged: " + familiar(t));
        }
        if (!s.tagsOf(id).isEmpty() || user != null) return; // still named, or a container needs it
        ImageRecord r = s.images().remove(id.toString());
        if (r != null) for (String rd : r.repoDigests()) out.add("Untagged: " + familiar(rd));
        out.add("Deleted: " + id);
    }

    /** The full tag key {@code name} denotes, if it is an existing tag. */
    private static String tagNamed(ImageDb.Snapshot s, String name) {
        try {
            ImageReference ref = ImageReference.parse(name);
            if (ref.digest() != null) return null;
            return s.tags().containsKey(ref.toString()) ? ref.toString() : null;
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    /** Deletes layers and blobs that no image record (tagged or not) refers to. Caller holds gc. */
    void collectGarbage() {
        ImageDb.Snapshot s = store.db().read();
        Set<Digest> liveLayers = new HashSet<>();
        Set<Digest> liveBlobs = new HashSet<>();
        for (ImageRecord r : s.images().values()) {
            liveLayers.addAll(r.diffIds());
            liveBlobs.add(r.id());
            if (r.manifestDigest() != null) liveBlobs.add(r.manifestDigest());
        }
        for (Digest d : store.layers().list()) if (!liveLayers.contains(d)) store.layers().remove(d);
        for (Digest d : store.blobs().list()) if (!liveBlobs.contains(d)) store.blobs().delete(d);
    }

    static String familiar(String fullReference) {
        ImageReference r = ImageReference.parse(fullReference);
        return r.familiarName() + (r.tag() != null ? ":" + r.tag() : "") + (r.digest() != null ? "@" + r.digest() : "");
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
