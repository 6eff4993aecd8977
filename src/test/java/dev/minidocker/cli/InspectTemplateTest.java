package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import org.junit.jupiter.api.Test;

/** inspect -f: the Go template forms Docker's documentation and users' scripts use. */
class InspectTemplateTest {
    static final JsonNode ROOT;

    static {
        try {
            ROOT = new ObjectMapper().readTree("""
                    {"Name": "/web", "State": {"Status": "running", "Pid": 42, "Running": true},
                     "Config": {"Env": ["A=1", "B=2"], "Entrypoint": null},
                     "NetworkSettings": {"IPAddress": "10.213.0.5",
                       "Ports": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}], "443/tcp": null},
                       "Networks": {"my-net": {"IPAddress": "10.213.1.5", "Gateway": "10.213.1.1"}}}}""");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String render(String template) {
        return InspectTemplate.render(template, ROOT);
    }

    @Test
    void fieldsJsonAndLiterals() {
        assertEquals("10.213.0.5 42 true", render("{{.NetworkSettings.IPAddress}} {{.State.Pid}} {{.State.Running}}"));
        assertEquals("{\"Status\":\"running\",\"Pid\":42,\"Running\":true}", render("{{json .State}}"));
        assertEquals("<no value>", render("{{.Config.Entrypoint}}"));
        assertEquals("null", render("{{json .Config.Entrypoint}}"));
        assertEquals("plain text", render("plain text"));
    }

    @Test
    void rangeOverMapsAndListsWithAndWithoutVariables() {
        assertEquals("10.213.1.5", render("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"));
        assertEquals("my-net=10.213.1.5;", render("{{range $name, $n := .NetworkSettings.Networks}}{{$name}}={{$n.IPAddress}};{{end}}"));
        assertEquals("80/tcp -> 8080\n443/tcp -> none\n", render(
                "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{if $conf}}{{(index $conf 0).HostPort}}{{else}}none{{end}}\n{{end}}"));
        assertEquals("[A=1][B=2]", render("{{range .Config.Env}}[{{.}}]{{end}}"));
        assertEquals("0:A=1 1:B=2 ", render("{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}"));
        assertEquals("web", render("{{range .Config.Env}}{{$.Name | lower | print}}{{end}}").substring(1, 4));
    }

    @Test
    void indexIfWithAndFunctions() {
        assertEquals("10.213.1.1", render("{{(index .NetworkSettings.Networks \"my-net\").Gateway}}"));
        assertEquals("127.0.0.1", render("{{with index .NetworkSettings.Ports \"80/tcp\"}}{{(index . 0).HostIp}}{{end}}"));
        assertEquals("up", render("{{if eq .State.Status \"running\" \"restarting\"}}up{{else}}down{{end}}"));
        assertEquals("down", render("{{if ne .State.Status \"running\"}}up{{else}}down{{end}}"));
        assertEquals("2 A=1,B=2 RUNNING", render("{{len .Config.Env}} {{join .Config.Env \",\"}} {{upper .State.Status}}"));
        assertEquals("yes", render("{{if and .State.Running (not .Config.Entrypoint)}}yes{{end}}"));
        assertEquals("ab", render("a\n  {{- if .State.Running -}}  \n\nb{{end}}"));
        assertEquals("<no value>", render("{{index .NetworkSettings.Networks \"missing\"}}"));
    }

    /** docker inspect: a key its JSON lacks prints <no value> (the CLI's fallback to the JSON as a map); below it, an error. */
    @Test
    void inspectAllowsAMissingKey() {
        assertEquals("<no value> 42", InspectTemplate.renderAllowingMissing("{{.State.Nope}} {{.State.Pid}}", ROOT));
        assertEquals("template: can't evaluate field .State.Nope.Deeper", assertThrows(MiniDockerException.class,
                () -> InspectTemplate.renderAllowingMissing("{{.State.Nope.Deeper}}", ROOT)).getMessage());
        assertEquals("template: can't evaluate field .Config.Env.Nope", assertThrows(MiniDockerException.class,
                () -> InspectTemplate.renderAllowingMissing("{{.Config.Env.Nope}}", ROOT)).getMessage(), "a list has no fields");
        assertEquals("x", InspectTemplate.renderAllowingMissing("{{if .State.Nope}}y{{else}}x{{end}}", ROOT));
    }

    /** As Go's fmt prints them, like docker's templates: {{.Config.Cmd}} is [sh -c ...], not JSON. */
    @Test
    void listsAndMapsPrintAsGoPrintsThem() {
        assertEquals("[A=1 B=2]", render("{{.Config.Env}}"));
        assertEquals("map[Gateway:10.213.1.1 IPAddress:10.213.1.5]", render("{{index .NetworkSettings.Networks \"my-net\"}}"));
        assertEquals("map[443/tcp:<nil> 80/tcp:[map[HostIp:127.0.0.1 HostPort:8080]]]", render("{{.NetworkSettings.Ports}}"));
        assertEquals("[\"A=1\",\"B=2\"]", render("{{json .Config.Env}}"));
        assertEquals("[A=1 B=2] x", render("{{print .Config.Env \"x\"}}"));
    }

    @Test
    void mistakesAreOneClearLine() {
        assertEquals("template: can't evaluate field .State.Nope",
                assertThrows(MiniDockerException.class, () -> render("{{.State.Nope}}")).getMessage(), "ps, images, events: Go types");
        assertEquals("template: function \"nope\" not defined",
                assertThrows(MiniDockerException.class, () -> render("{{nope .State}}")).getMessage());
        assertThrows(MiniDockerException.class, () -> render("{{range .Config.Env}}x"));
        assertThrows(MiniDockerException.class, () -> render("{{end}}"));
        assertThrows(MiniDockerException.class, () -> render("{{$x}}"));
    }
}
