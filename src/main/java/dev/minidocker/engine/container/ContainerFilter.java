package dev.minidocker.engine.container;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.engine.Filters;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What Docker's filter keys mean for a container ({@code ps}, {@code GET /containers/json},
 * {@code container prune}, {@code POST /containers/prune}): {@code id} a prefix, {@code name} a
 * regular expression, {@code status}, {@code label}/{@code label!}, {@code ancestor} the image as
 * typed or its id, {@code before}/{@code since} another container, {@code network},
 * {@code volume} a bind's source or destination, {@code exited} the exit code, {@code health} the
 * health checks' status ("none" without checks), {@code until} a time.
 */
public final class ContainerFilter implements Predicate<ContainerEntry> {
    public static final Set<String> LIST_KEYS = Set.of("id", "name", "status", "label", "label!", "ancestor", "before",
            "since", "network", "volume", "exited", "health");
    public static final Set<String> PRUNE_KEYS = Set.of("until", "label", "label!");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");
    private static final Set<String> HEALTHS = Set.of("starting", "healthy", "unhealthy", "none");

    private final Filters filters;
    private final Instant before, since, now;

    private ContainerFilter(Filters filters, Instant before, Instant since) {
        this.filters = filters;
        this.before = before;
        this.since = since;
        this.now = Instant.now();
    }

    /** For a list; {@code all} the containers, which {@code before}/{@code since} name. */
    public static ContainerFilter forList(Filters f, List<ContainerEntry> all) {
        f.accept(LIST_KEYS);
        for (String s : f.values("status")) {
            if (!STATUSES.contains(s)) throw new InvalidArgumentException("invalid filter 'status=" + s + "'");
        }
        for (String h : f.values("health")) {
            if (!HEALTHS.contains(h)) throw new InvalidArgumentException("Unrecognised filter value for health: " + h);
        }
        for (String e : f.values("exited")) {
            try {
                Integer.parseInt(e);
            } catch (NumberFormatException bad) {
                throw new InvalidArgumentException("invalid filter 'exited=" + e + "'");
            }
        }
        return new ContainerFilter(f, created(f, "before", all), created(f, "since", all));
    }

    public static ContainerFilter forPrune(Filters f) {
        f.accept(PRUNE_KEYS);
        return new ContainerFilter(f, null, null);
    }

    /** Whether a list without {@code all} still shows stopped containers: Docker's status filter asks for them. */
    public boolean wantsStopped() {
        return filters.has("status") || filters.has("exited");
    }

    @Override
    public boolean test(ContainerEntry c) {
        Instant created = Instant.parse(c.created());
        return filters.any("id", c.id()::startsWith)
                && filters.nameMatches("name", c.name())
                && filters.any("status", c.status().status()::equals)
                && filters.labelsMatch(c.labels())
                && filters.any("ancestor", a -> isAncestor(a, c))
                && filters.any("network", n -> n.equals(c.networkMode()))
                && filters.any("volume", v -> hasVolume(v, c))
                && filters.any("health", h -> h.equals(c.status().health() == null ? "none" : c.status().health()))
                && filters.any("exited", e -> !c.status().running() && c.status().status().equals(ContainerStatus.EXITED)
                        && c.status().exitCode() == Integer.parseInt(e))
                && (before == null || created.isBefore(before))
                && (since == null || created.isAfter(since))
                && filters.createdUntil(created, now);
    }

    /** The image as typed (with or without ":latest"), or a prefix of its id. */
    private static boolean isAncestor(String image, ContainerEntry c) {
        String ref = c.imageRef() == null ? "" : c.imageRef();
        if (ref.equals(image) || ref.equals(image + ":latest") || image.equals(ref + ":latest")) return true;
        String id = c.imageId() == null ? "" : c.imageId();
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        String wanted = image.startsWith("sha256:") ? image.substring(7) : image;
        return !hex.isEmpty() && wanted.length() >= 4 && hex.startsWith(wanted);
    }

    private static boolean hasVolume(String v, ContainerEntry c) {
        for (String b : c.binds()) {
            String[] parts = b.split(":");
            if (parts[0].equals(v) || (parts.length > 1 && parts[1].equals(v))) return true;
        }
        return false;
    }

    /** The creation time of the container {@code before}/{@code since} names; Docker 404s an unknown one. */
    private static Instant created(Filters f, String key, List<ContainerEntry> all) {
        List<String> values = f.values(key);
        if (values.isEmpty()) return null;
        String v = values.getFirst();
        for (ContainerEntry c : all) {
            if (c.id().startsWith(v) || c.name().equals(v) || ("/" + c.name()).equals(v)) return Instant.parse(c.created());
        }
        throw new dev.minidocker.NotFoundException("No such container: " + v);
    }
}
