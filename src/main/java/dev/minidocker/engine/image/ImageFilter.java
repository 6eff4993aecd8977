package dev.minidocker.engine.image;

import dev.minidocker.engine.Filters;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Docker's filter keys mean for an image ({@code images}, {@code GET /images/json},
 * {@code image prune}): {@code dangling} untagged, {@code label}/{@code label!} the config's
 * labels, {@code reference} a glob over "repo" or "repo:tag", {@code before}/{@code since}
 * another image, {@code until} a time.
 */
final class ImageFilter {
    static final Set<String> LIST_KEYS = Set.of("dangling", "label", "label!", "reference", "before", "since");
    static final Set<String> PRUNE_KEYS = Set.of("dangling", "label", "label!", "until");

    private final Filters filters;
    private final Instant before, since, now = Instant.now();
    /**
     * Whether {@code dangling} selects images by it (a list). A prune's only chooses between the
     * dangling images and every unused one ({@code -a} sends dangling=false), as Docker's daemon reads it.
     */
    private final boolean matchDangling;

    private ImageFilter(Filters filters, Instant before, Instant since, boolean matchDangling) {
        this.filters = filters;
        this.before = before;
        this.since = since;
        this.matchDangling = matchDangling;
    }

    static ImageFilter forList(Filters f, List<ImageEntry> all) {
        f.accept(LIST_KEYS);
        f.bool("dangling");
        return new ImageFilter(f, created(f, "before", all), created(f, "since", all), true);
    }

    static ImageFilter forPrune(Filters f) {
        f.accept(PRUNE_KEYS);
        f.bool("dangling");
        return new ImageFilter(f, null, null, false);
    }

    boolean test(ImageEntry i) {
        return (!matchDangling || filters.bool("dangling").map(d -> d == (i.repository() == null)).orElse(true))
                && filters.labelsMatch(i.labels())
                && filters.any("reference", r -> references(r, i))
                && (before == null || i.created().isBefore(before))
                && (since == null || i.created().isAfter(since))
                && filters.createdUntil(i.created(), now);
    }

    /** Docker matches the pattern (path.Match) against the familiar name and name:tag. */
    private static boolean references(String pattern, ImageEntry i) {
        if (i.repository() == null) return false;
        Pattern glob = glob(pattern);
        return glob.matcher(i.repository()).matches() || (i.repoTag() != null && glob.matcher(i.repoTag()).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static Instant created(Filters f, String key, List<ImageEntry> all) {
        List<String> values = f.values(key);
        if (values.isEmpty()) return null;
        String v = values.getFirst();
        String hex = v.startsWith("sha256:") ? v.substring(7) : v;
        for (ImageEntry i : all) {
            String ref = i.repoTag();
            if (v.equals(ref) || v.equals(i.repository()) && "latest".equals(i.tag())
                    || (hex.length() >= 4 && i.id().substring(7).startsWith(hex))) {
                return i.created();
            }
        }
        throw new dev.minidocker.NotFoundException("No such image: " + v);
    }
}
