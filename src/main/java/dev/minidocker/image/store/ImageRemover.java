package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /**
     * Docker's rules (daemon/images/image_delete.go). By name: the last tag of an image a container
     * uses (running or stopped) goes only with -f. By id: a running container's image never goes,
     * a stopped one's or one with several tags only with -f. Whatever -f untags, an image some
     * container still uses stays in the store untagged, so its layers do too.
     */
    private void apply(ImageDb.Snapshot s, String name, boolean force, List<String> out) {
        String tag = tagNamed(s, name);
        boolean byTag = tag != null;
        Digest id;
        if (byTag) {
            id = s.tags().get(tag);
        } else {
            Optional<StoredImage> img = store.find(name);
            if (img.isEmpty()) throw new ImageNotFoundException("No such image: " + name);
            id = img.get().imageId();
        }
        List<String> tags = s.tagsOf(id);
        List<ImageUser> users = store.imageUsers().stream().filter(u -> u.imageId().equals(id)).toList();
        if (byTag) {
            if (!force && tags.size() == 1 && !users.isEmpty()) {
                throw new MiniDockerException("conflict: unable to remove repository reference \"" + name
                        + "\" (must force) - container " + users.getFirst().shortId()
                        + " is using its referenced image " + id.shortHex());
            }
        } else {
            refuseDeletingById(id, tags, users, force);
        }
        for (String t : byTag ? List.of(tag) : tags) {
            s.tags().remove(t);
            out.add("Untagged: " + familiar(t));
        }
        if (!s.tagsOf(id).isEmpty() || !users.isEmpty()) return; // still named, or a container needs it
        ImageRecord r = s.images().remove(id.toString());
        if (r != null) for (String rd : r.repoDigests()) out.add("Untagged: " + familiar(rd));
        out.add("Deleted: " + id);
    }

    /** Docker's conflicts for an image named by id, the hard one (a running container) first. */
    private static void refuseDeletingById(Digest id, List<String> tags, List<ImageUser> users, boolean force) {
        Optional<ImageUser> running = users.stream().filter(ImageUser::running).findFirst();
        if (running.isPresent()) {
            throw conflict(id, "cannot be forced", "image is being used by running container " + running.get().shortId());
        }
        if (force) return;
        if (tags.size() > 1) throw conflict(id, "must be forced", "image is referenced in multiple repositories");
        if (!users.isEmpty()) {
            throw conflict(id, "must be forced", "image is being used by stopped container " + users.getFirst().shortId());
        }
    }

    private static MiniDockerException conflict(Digest id, String force, String why) {
        return new MiniDockerException("conflict: unable to delete " + id.shortHex() + " (" + force + ") - " + why);
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

    /**
     * {@code image prune}: frees the layers and blobs no image refers to (what a pull that failed
     * half-way, on a full disk say, extracted and never recorded). Returns the bytes the freed layers
     * held. Dangling images themselves are not removed (yet).
     */
    @SuppressWarnings("try")
    public long prune() {
        try (StoreLocks.Held gc = store.locks().exclusive("gc")) {
            Set<Digest> live = new HashSet<>();
            for (ImageRecord r : store.db().read().images().values()) live.addAll(r.diffIds());
            long freed = 0;
            for (Digest d : store.layers().list()) if (!live.contains(d)) freed += store.layers().size(d);
            collectGarbage();
            return freed;
        }
    }

    /**
     * Deletes layers and blobs that no image record (tagged or not) refers to, a layer's compressed
     * copies with it. Caller holds gc.
     */
    void collectGarbage() {
        ImageDb.Snapshot s = store.db().read();
        Set<Digest> liveLayers = new HashSet<>();
        Set<Digest> liveBlobs = new HashSet<>();
        for (ImageRecord r : s.images().values()) {
            liveLayers.addAll(r.diffIds());
            liveBlobs.add(r.id());
            if (r.manifestDigest() != null) liveBlobs.add(r.manifestDigest());
        }
        for (Digest layer : liveLayers) {
            // compressed copies a push made of a live layer stay (blobs.json names them)
            for (CompressedBlob b : store.layerBlobs().of(layer)) if (b.local()) liveBlobs.add(b.digest());
        }
        for (Digest d : store.layers().list()) if (!liveLayers.contains(d)) store.layers().remove(d);
        for (Digest d : store.blobs().list()) if (!liveBlobs.contains(d)) store.blobs().delete(d);
    }

    static String familiar(String fullReference) {
        ImageReference r = ImageReference.parse(fullReference);
        return r.familiarName() + (r.tag() != null ? ":" + r.tag() : "") + (r.digest() != null ? "@" + r.digest() : "");
    }
}
