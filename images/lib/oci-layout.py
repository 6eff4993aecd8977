#!/usr/bin/env python3
"""Writes an OCI image layout (oci-layout, index.json, blobs/sha256) from uncompressed layer tars.

Usage: oci-layout.py OUTDIR TAG CMD_JSON LAYER.tar[=history comment] ...

Each layer is compressed with `gzip -n` (no name, no mtime: reproducible), its diff_id is the
sha256 of the uncompressed tar. The config has Cmd CMD_JSON, Docker's default PATH, the build
machine's architecture (dpkg --print-architecture) and one history entry per layer. Creation
timestamps are fixed at the epoch so the same inputs always give the same digests.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

EPOCH = "1970-01-01T00:00:00Z"
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def put_blob(blobs, data_path=None, data=None):
    """Moves a file (or writes bytes) into blobs/sha256/<hex>; returns (digest, size)."""
    if data is not None:
        hexd = hashlib.sha256(data).hexdigest()
        target = os.path.join(blobs, hexd)
        with open(target, "wb") as f:
            f.write(data)
        return "sha256:" + hexd, len(data)
    hexd = sha256_file(data_path)
    target = os.path.join(blobs, hexd)
    shutil.move(data_path, target)
    return "sha256:" + hexd, os.path.getsize(target)


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    out, tag, cmd = argv[0], argv[1], json.loads(argv[2])
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    arch = subprocess.check_output(["dpkg", "--print-architecture"], text=True).strip()

    layers, diff_ids, history = [], [], []
    for spec in argv[3:]:
        tar_path, _, comment = spec.partition("=")
        diff_ids.append("sha256:" + sha256_file(tar_path))
        gz_path = os.path.join(out, ".layer.tar.gz")
        with open(tar_path, "rb") as src, open(gz_path, "wb") as dst:
            subprocess.run(["gzip", "-n", "-6", "-c"], stdin=src, stdout=dst, check=True)
        digest, size = put_blob(blobs, data_path=gz_path)
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": digest, "size": size})
        history.append({"created": EPOCH, "created_by": comment or ("layer " + os.path.basename(tar_path))})

    config = {
        "created": EPOCH,
        "architecture": arch,
        "os": "linux",
        "config": {"Env": [PATH_ENV], "Cmd": cmd},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }
    cfg_digest, cfg_size = put_blob(blobs, data=canonical(config))
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": cfg_digest, "size": cfg_size},
        "layers": layers,
    }
    man_digest, man_size = put_blob(blobs, data=canonical(manifest))
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": man_digest, "size": man_size,
            "platform": {"architecture": arch, "os": "linux"},
            "annotations": {"org.opencontainers.image.ref.name": tag},
        }],
    }
    with open(os.path.join(out, "index.json"), "wb") as f:
        f.write(canonical(index))
    with open(os.path.join(out, "oci-layout"), "wb") as f:
        f.write(canonical({"imageLayoutVersion": "1.0.0"}))
    print(man_digest)


if __name__ == "__main__":
    main(sys.argv[1:])
