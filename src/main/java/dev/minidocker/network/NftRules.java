package dev.minidocker.network;

import dev.minidocker.model.PortBinding;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The nft JSON mini-docker uses. Per bridge network one table {@code minidocker-<bridge>} with
 * outbound masquerade, masquerade for 127.0.0.1 -> published port and for container -> published
 * port of a neighbour (hairpin), and the localnet guard; per container with published ports one
 * table {@code minidocker-p-<id12>} with its DNAT rules. Tables are created and deleted whole, so no
 * rule handles are ever needed.
 */
public final class NftRules {
    public static final String PREFIX = "minidocker-";
    public static final String PORT_PREFIX = "minidocker-p-";
    /**
     * The network table's input chain that drops what route_localnet would otherwise let in: its
     * presence says a table has the guard (a table made before it existed is replaced).
     */
    public static final String LOCALNET_GUARD = "localnet-guard";
    private static final ObjectMapper JSON = Json.MAPPER;

    private NftRules() {}

    public static String networkTable(String bridge) {
        return PREFIX + bridge;
    }

    public static String portTable(String containerId) {
        return PORT_PREFIX + containerId.substring(0, 12);
    }

    /** Replaces the network's table (add + delete + add: atomic, no error if it was missing). */
    public static List<ObjectNode> network(String bridge, Subnet subnet) {
        return network(bridge, subnet, false);
    }

    /**
     * As {@link #network(String, Subnet)}; an {@code internal} network gets no outbound masquerade and
     * a forward chain that drops what would leave the subnet through the bridge or come into it from
     * elsewhere (Docker's isolation rules), so nothing is routed between it and the world.
     */
    public static List<ObjectNode> network(String bridge, Subnet subnet, boolean internal) {
        String t = networkTable(bridge);
        List<ObjectNode> c = new ArrayList<>(recreate(t));
        if (internal) {
            c.add(chain("add", t, "isolation", "filter", "forward", -1));
            c.add(rule(t, "isolation", match("==", meta("iifname"), bridge),
                    match("!=", payload("ip", "daddr"), prefix(subnet)), drop()));
            c.add(rule(t, "isolation", match("==", meta("oifname"), bridge),
                    match("!=", payload("ip", "saddr"), prefix(subnet)), drop()));
            c.addAll(localnetGuard(t));
            return c;
        }
        c.add(chain("add", t, "postrouting", "nat", "postrouting", 100));
        c.add(rule(t, "postrouting", match("==", payload("ip", "saddr"), prefix(subnet)),
                match("!=", meta("oifname"), bridge), masquerade()));
        c.add(rule(t, "postrouting", match("==", meta("oifname"), bridge),
                match("==", payload("ip", "saddr"), prefix("127.0.0.0", 8)), masquerade()));
        c.add(rule(t, "postrouting", match("==", meta("iifname"), bridge), match("==", meta("oifname"), bridge),
                match("in", ct("status"), "dnat"), masquerade()));
        c.addAll(localnetGuard(t));
        return c;
    }

    /**
     * route_localnet on the bridge (needed so that 127.0.0.1 -> published port may leave through it)
     * also lets a container send to the host's 127.0.0.0/8 through the gateway and reach every
     * loopback-only service (CVE-2020-8558). Kubernetes' answer, in an input chain: packets for
     * 127.0.0.0/8 that did not come from lo are dropped unless they were DNAT'ed (a published port)
     * or belong to a connection the host made (established/related). The replies of a host
     * connection from 127.0.0.1, to a published port or straight to a container's address, arrive
     * on the bridge de-masqueraded to 127.0.0.1 and pass. A container's own packet to 127.0.0.1 is
     * neither: dropped before conntrack ever confirms its connection.
     */
    private static List<ObjectNode> localnetGuard(String t) {
        ObjectNode hostMade = JSON.createObjectNode();
        hostMade.putArray("set").add("established").add("related");
        return List.of(chain("add", t, LOCALNET_GUARD, "filter", "input", 0),
                guardRule(t, match("in", ct("state"), hostMade), accept()),
                guardRule(t, match("in", ct("status"), "dnat"), accept()),
                guardRule(t, drop()));
    }

    /** A rule of the localnet guard: for packets to 127.0.0.0/8 that did not come from lo. */
    private static ObjectNode guardRule(String t, ObjectNode... then) {
        List<ObjectNode> e = new ArrayList<>(List.of(match("!=", meta("iifname"), "lo"),
                match("==", payload("ip", "daddr"), prefix("127.0.0.0", 8))));
        e.addAll(List.of(then));
        return rule(t, LOCALNET_GUARD, e.toArray(new ObjectNode[0]));
    }

    /** A container's DNAT rules, in prerouting (from outside and other containers) and output (from the host). */
    public static List<ObjectNode> ports(String containerId, String address, List<PortBinding> ports) {
        String t = portTable(containerId);
        List<ObjectNode> c = new ArrayList<>(recreate(t));
        c.add(chain("add", t, "prerouting", "nat", "prerouting", -100));
        c.add(chain("add", t, "output", "nat", "output", -100));
        for (String chain : List.of("prerouting", "output")) {
            for (PortBinding p : ports) {
                ObjectNode destination = p.hostIp().equals("0.0.0.0")
                        ? match("==", fibDaddrType(), "local")
                        : match("==", payload("ip", "daddr"), p.hostIp());
                ObjectNode dnat = JSON.createObjectNode();
                dnat.putObject("dnat").put("addr", address).put("port", p.containerPort());
                c.add(rule(t, chain, destination, match("==", payload(p.protocol(), "dport"), p.hostPort()), dnat));
            }
        }
        return c;
    }

    public static List<ObjectNode> deleteTables(List<String> tables) {
        List<ObjectNode> c = new ArrayList<>();
        for (String t : tables) c.addAll(List.of(table("add", t), table("delete", t)));
        return c;
    }

    private static List<ObjectNode> recreate(String t) {
        return List.of(table("add", t), table("delete", t), table("add", t));
    }

    private static ObjectNode table(String verb, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject(verb).putObject("table").put("family", "ip").put("name", name);
        return n;
    }

    private static ObjectNode chain(String verb, String table, String name, String type, String hook, int prio) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject(verb).putObject("chain").put("family", "ip").put("table", table).put("name", name)
                .put("type", type).put("hook", hook).put("prio", prio).put("policy", "accept");
        return n;
    }

    private static ObjectNode rule(String table, String chain, ObjectNode... exprs) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode r = n.putObject("add").putObject("rule").put("family", "ip").put("table", table).put("chain", chain);
        ArrayNode e = r.putArray("expr");
        for (ObjectNode x : exprs) e.add(x);
        return n;
    }

    private static ObjectNode match(String op, ObjectNode left, Object right) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode m = n.putObject("match").put("op", op);
        m.set("left", left);
        if (right instanceof ObjectNode o) m.set("right", o);
        else if (right instanceof Integer i) m.put("right", i);
        else m.put("right", right.toString());
        return n;
    }

    private static ObjectNode payload(String protocol, String field) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("payload").put("protocol", protocol).put("field", field);
        return n;
    }

    private static ObjectNode meta(String key) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("meta").put("key", key);
        return n;
    }

    private static ObjectNode ct(String key) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("ct").put("key", key);
        return n;
    }

    private static ObjectNode fibDaddrType() {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("fib").put("result", "type").putArray("flags").add("daddr");
        return n;
    }

    private static ObjectNode prefix(Subnet s) {
        return prefix(Subnet.format(s.base()), s.prefix());
    }

    private static ObjectNode prefix(String addr, int len) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("prefix").put("addr", addr).put("len", len);
        return n;
    }

    private static ObjectNode accept() {
        ObjectNode n = JSON.createObjectNode();
        n.putNull("accept");
        return n;
    }

    private static ObjectNode drop() {
        ObjectNode n = JSON.createObjectNode();
        n.putNull("drop");
        return n;
    }

    private static ObjectNode masquerade() {
        ObjectNode n = JSON.createObjectNode();
        n.putNull("masquerade");
        return n;
    }
}
