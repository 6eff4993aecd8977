"""Docker SDK for Python against a mini-docker daemon (DOCKER_HOST): networks (create, connect with
aliases, disconnect, remove), volumes (create, list, remove), a container using a named volume,
and Docker's errors for a missing network or container and a volume in use. Exits 1 on the first
failed check, printing it; prints "ok" at the end."""
import sys

import docker

image = sys.argv[1]
c = docker.from_env()


def check(cond, what):
    if not cond:
        print("FAILED: " + what, flush=True)
        sys.exit(1)


def sh(container, script):
    code, out = container.exec_run(["sh", "-c", script])
    return code, out.decode()


net = c.networks.create("pynet", driver="bridge", labels={"owner": "py"})
attrs = c.networks.get("pynet").attrs
check(attrs["Labels"] == {"owner": "py"}, "network labels: %r" % attrs["Labels"])
check(not attrs["Options"], "network options are only what was given: %r" % attrs["Options"])

vol = c.volumes.create("pyvol", labels={"owner": "py"})
check("pyvol" in [v.name for v in c.volumes.list()], "volume listed")
check(c.volumes.get("pyvol").attrs["Labels"] == {"owner": "py"}, "volume labels")
out = c.containers.run(image, ["sh", "-c", "echo hi > /data/f; cat /data/f"],
                       volumes={"pyvol": {"bind": "/data", "mode": "rw"}}, remove=True)
check(out == b"hi\n", "a container wrote the named volume: %r" % out)
out = c.containers.run(image, ["cat", "/data/f"], volumes=["pyvol:/data:ro"], remove=True)
check(out == b"hi\n", "the next container reads it: %r" % out)

web = c.containers.run(image, ["sh", "-c", "mkdir -p /www && echo py-web > /www/index.html && exec httpd -f -p 80 -h /www"],
                       detach=True, name="pyweb", network="pynet", volumes={"pyvol": {"bind": "/data", "mode": "rw"}})
try:
    c.volumes.get("pyvol").remove()
    check(False, "a volume in use is not removed")
except docker.errors.APIError as e:
    check(e.status_code == 409 and "volume is in use" in str(e), "volume in use: %s" % e)

client = c.containers.create(image, ["sh", "-c", "while true; do sleep 1; done"], name="pyclient", network_mode="none")
net.connect(client, aliases=["cli", "client-alias"])
client.start()
client.reload()
aliases = client.attrs["NetworkSettings"]["Networks"]["pynet"]["Aliases"]
check("cli" in aliases and "client-alias" in aliases, "aliases in inspect: %r" % aliases)
code, page = "", ""
for _ in range(50):
    code, page = sh(client, "wget -q -O- http://pyweb/")
    if "py-web" in page:
        break
check("py-web" in page, "the client reaches pyweb by name: %s %s" % (code, page))
code, out = sh(web, "nslookup client-alias")
check(code == 0 and client.attrs["NetworkSettings"]["Networks"]["pynet"]["IPAddress"] in out, "alias resolves: " + out)

net.disconnect(client)
code, out = sh(web, "nslookup client-alias")
check(code != 0, "a disconnected container's alias stops resolving: " + out)
code, out = sh(client, "ip -o addr show")
check("eth0" not in out, "the disconnected container lost its interface: " + out)
net.connect(client, aliases=["again"])
code, out = sh(web, "nslookup again")
check(code == 0, "connected again while running, its new alias resolves: " + out)
code, page = sh(client, "wget -q -O- http://pyweb/")
check("py-web" in page, "and it reaches pyweb again: " + page)

for bad, what in ((lambda: c.networks.get("no-such-net"), "missing network"),
                  (lambda: net.connect("no-such-container"), "missing container")):
    try:
        bad()
        check(False, what + " is refused")
    except docker.errors.NotFound:
        pass

client.remove(force=True)
web.remove(force=True)
net.remove()
check("pynet" not in [n.name for n in c.networks.list()], "network removed")
vol.remove()
check("pyvol" not in [v.name for v in c.volumes.list()], "volume removed")
print("ok")
