package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's rules for --user: names must exist in the container's /etc/passwd (/etc/group for a
 * group); numbers need not. Without a group, the passwd entry's primary group (0 when none). The
 * supplementary groups are those of /etc/group that list the user's name. HOME comes from passwd.
 */
public final class UserResolver {
    private UserResolver() {}

    /** @param passwd contents of the container's /etc/passwd ("" if missing); likewise group */
    /** As {@link #resolve(String, String, String)}, plus --group-add's groups (names in {@code group}, or numbers). */
    public static Credentials resolve(String user, String passwd, String group, List<String> groupAdd) {
        Credentials who = resolve(user, passwd, group);
        if (groupAdd.isEmpty()) return who;
        List<Integer> gids = new ArrayList<>();
        for (int g : who.supplementaryGids()) gids.add(g);
        for (String name : groupAdd) {
            Integer g = number(name);
            if (g == null) g = findGroup(group, name);
            if (g == null) throw new ContainerStartException("unable to find group " + name + ": no matching entries in group file");
            if (!gids.contains(g)) gids.add(g);
        }
        int[] all = new int[gids.size()];
        for (int i = 0; i < all.length; i++) all[i] = gids.get(i);
        return new Credentials(who.uid(), who.gid(), all, who.home());
    }

    public static Credentials resolve(String user, String passwd, String group) {
        String userPart = user == null || user.isEmpty() ? "0" : user;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
            if (userPart.isEmpty()) userPart = "0";
        }
        String[] entry = null;
        Integer uid = number(userPart);
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 7) continue;
            if (uid == null ? f[0].equals(userPart) : f[2].equals(userPart)) {
                entry = f;
                break;
            }
        }
        if (entry == null && uid == null) {
            throw new ContainerStartException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (uid == null) uid = parseId(entry[2], "uid of " + userPart);
        int gid = entry == null ? 0 : parseId(entry[3], "gid of " + userPart);
        String home = entry == null || entry[5].isEmpty() ? "/" : entry[5];
        String name = entry == null ? null : entry[0];

        if (groupPart != null && !groupPart.isEmpty()) {
            Integer g = number(groupPart);
            if (g == null) {
                g = findGroup(group, groupPart);
                if (g == null) {
                    throw new ContainerStartException("unable to find group " + groupPart + ": no matching entries in group file");
                }
            }
            gid = g;
        }
        List<Integer> extra = new ArrayList<>();
        extra.add(gid);
        if (name != null) {
            for (String line : group.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length < 4) continue;
                for (String member : f[3].split(",")) {
                    if (member.trim().equals(name)) {
                        int g = parseId(f[2], "gid of group " + f[0]);
                        if (!extra.contains(g)) extra.add(g);
                    }
                }
            }
        }
        return new Credentials(uid, gid, extra.stream().mapToInt(Integer::intValue).toArray(), home);
    }

    private static Integer findGroup(String group, String name) {
        for (String line : group.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name)) return parseId(f[2], "gid of group " + name);
        }
        return null;
    }

    private static Integer number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) return null;
        return parseId(s, s);
    }

    private static int parseId(String s, String what) {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0 || v > 0xFFFFFFFEL) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw new ContainerStartException("invalid " + what + ": " + s);
        }
    }
}
