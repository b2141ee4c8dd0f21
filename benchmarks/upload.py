"""Evidence upload at the size limit: TUS and a multipart form next to `cp`, in one run.

Starts a real instance (FileStorage + blobs in a temporary folder, waitress), creates the
site with its demo data, and uploads one file of the evidence limit (536,870,912 bytes)
to a PvB in execution:

- `cp` of the file on the same disk: the ceiling;
- TUS with tuspy (chunks of 64 MiB), as a school's client would;
- the Classic UI add form (multipart/form-data, streamed by the client);
- the download of the stored file (streamed, SHA-256 checked against the source).

For each it prints wall time and its ratio to `cp`, the same until the data is on disk
(followed by `sync`, for both: a plain `cp` of a cached file only copies memory), and the
server's peak memory growth (VmHWM after minus VmRSS before; the peak is reset before
each step).

    .venv/bin/python -m benchmarks.upload [--size 536870912] [--keep]
"""

from benchmarks.harness import table
from pathlib import Path
from urllib.parse import urlsplit
import argparse
import base64
import hashlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"
LOGIN = ("student-eline", "proeve-demo")
MiB = 1 << 20


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak(pid):
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def measured(pid, step):
    """(seconds, seconds until on disk, peak growth in bytes) of step()."""
    os.sync()  # every step starts without dirty pages of the one before
    reset_peak(pid)
    before = memory(pid, "VmRSS")
    start = time.perf_counter()
    step()
    seconds = time.perf_counter() - start
    os.sync()
    durable = time.perf_counter() - start
    return seconds, durable, memory(pid, "VmHWM") - before


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MiB), b""):
            digest.update(block)
    return digest.hexdigest()


def start_instance(folder):
    sys.path.insert(0, str(ROOT / "instance"))
    from generate import generate

    port = free_port()
    generate(storage="filestorage", port=port, instance=folder)
    conf = folder / "etc" / "zope.conf"
    env = dict(os.environ, PROEVE_SITE_ID="proeve")
    subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "scripts/create_site.py"], check=True, env=env
    )
    with open(folder / "var" / "log" / "bench-server.log", "wb") as log:
        # The child keeps its own copy of the file descriptor.
        server = subprocess.Popen(
            [BIN / "runwsgi", folder / "etc" / "zope.ini"], stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}/proeve"
    for _ in range(240):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/proeve")
            if connection.getresponse().status == 200:
                return server, url
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start; see " + str(folder / "var/log/bench-server.log"))


def auth():
    return "Basic " + base64.b64encode(":".join(LOGIN).encode()).decode()


def tus_upload(url, source):
    from tusclient import client as tus

    headers = {"Authorization": auth(), "Accept": "application/json"}
    uploader = tus.TusClient(f"{url}/{PVB}/@tus-upload", headers=headers).uploader(
        str(source), chunk_size=64 * MiB, metadata={"filename": "tus.mp4", "title": "TUS"}
    )
    uploader.upload()


def form_upload(url, source):
    """POST the Dexterity add form, streaming the file from disk (no client-side copy)."""
    import requests

    session = requests.Session()
    session.auth = LOGIN
    page = session.get(f"{url}/{PVB}/++add++Evidence", timeout=60).text
    field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', page).group(0)
    token = re.search(r'value="([^"]+)"', field).group(1)
    boundary = "proeve-bench-boundary"
    fields = {
        "form.widgets.IBasic.title": "Formulier",
        "form.buttons.save": "Opslaan",
        "_authenticator": token,
    }
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="form.widgets.file"; '
        'filename="form.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    )
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head.encode()) + source.stat().st_size + len(tail)
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.putrequest("POST", f"{parts.path}/{PVB}/++add++Evidence")
    connection.putheader("Authorization", auth())
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(length))
    connection.endheaders()
    connection.send(head.encode())
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(4 * MiB), b""):
            connection.send(block)
    connection.send(tail)
    response = connection.getresponse()
    response.read()
    if response.status not in (200, 302, 303):
        raise SystemExit(f"form upload answered {response.status}")


def download(url, evidence_id, target):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request(
        "GET",
        f"{parts.path}/{PVB}/{evidence_id}/@@download/file",
        headers={"Authorization": auth()},
    )
    response = connection.getresponse()
    with open(target, "wb") as f:
        for block in iter(lambda: response.read(4 * MiB), b""):
            f.write(block)


def newest_evidence(url, title):
    import requests

    items = requests.get(
        f"{url}/++api++/{PVB}", auth=LOGIN, headers={"Accept": "application/json"}, timeout=60
    ).json()["items"]
    return [i["@id"].rsplit("/", 1)[1] for i in items if i["title"] == title][-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=536870912)
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="proeve-bench-upload-"))
    server = None
    try:
        source = folder / "source.mp4"
        with open(source, "wb") as f:
            for _ in range(args.size // MiB):
                f.write(os.urandom(MiB))
            f.write(os.urandom(args.size % MiB))
        expected = sha256_of(source)
        server, url = start_instance(folder)
        pid = server.pid
        rows = []

        copies = []
        for n in range(3):
            target = folder / f"copy-{n}.mp4"
            seconds, durable, _ = measured(
                pid, lambda t=target: subprocess.run(["cp", source, t], check=True)
            )
            target.unlink()
            copies.append((seconds, durable))
        cp_seconds = sorted(c[0] for c in copies)[1]
        cp_durable = sorted(c[1] for c in copies)[1]
        rows.append(
            (
                "cp (ceiling, median of 3)",
                f"{cp_seconds:.2f}",
                "1.00",
                f"{cp_durable:.2f}",
                "1.00",
                "-",
            )
        )
        for name, title, step in (
            ("TUS (tuspy, 64 MiB chunks)", "TUS", lambda: tus_upload(url, source)),
            ("multipart form (++add++Evidence)", "Formulier", lambda: form_upload(url, source)),
        ):
            seconds, durable, growth = measured(pid, step)
            evidence = newest_evidence(url, title)
            target = folder / f"back-{title}.mp4"
            down, down_durable, down_growth = measured(
                pid, lambda e=evidence, t=target: download(url, e, t)
            )
            if sha256_of(target) != expected:
                raise SystemExit(f"{name}: the stored file differs from the source")
            target.unlink()
            for label, sec, dur, grow in (
                (name, seconds, durable, growth),
                (f"download of the {title} file", down, down_durable, down_growth),
            ):
                rows.append(
                    (
                        label,
                        f"{sec:.2f}",
                        f"{sec / cp_seconds:.2f}",
                        f"{dur:.2f}",
                        f"{dur / cp_durable:.2f}",
                        f"{grow / MiB:.0f}",
                    )
                )
        print(f"\nUpload of {args.size:,} bytes (SHA-256 of every stored file checked)\n")
        headers = (
            "step",
            "s",
            "ratio to cp",
            "s until on disk (sync)",
            "ratio to cp + sync",
            "server peak memory growth (MiB)",
        )
        print(table(headers, rows))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if args.keep:
            print("kept", folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
