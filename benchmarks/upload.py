"""Evidence upload at the size limit: TUS and a multipart form next to `cp`, in one run.

Starts a real instance (FileStorage + blobs in a temporary folder, waitress), creates the
site with its demo data, and uploads one file of the evidence limit (536,870,912 bytes)
to a PvB in execution:

- `cp` of the file on the same disk: the ceiling;
- TUS with tuspy (chunks of 64 MiB), as a school's client would;
- TUS with a lean client (the same protocol and chunks, one kept-alive connection, each
  chunk sent from the file by sendfile): tuspy reads every chunk into memory first, which
  alone costs about 1.5× cp on this machine, so this row shows what the server costs;
- the Classic UI add form (multipart/form-data, streamed by the client);
- the download of the stored file (streamed, SHA-256 checked against the source);
- the ceiling of the server: the same TUS upload, plain POST and download against a bare
  WSGI app on the same waitress settings (benchmarks/bare_upload.py), so what is left of
  the time is what waitress and the client cost;
- the floor of a server that hashes: the bare app computing SHA-256 of every chunk beside
  receiving the next (the journal records every evidence file's hash, so no Proeve can do
  less), nothing stored;
- the floor of the transport, when nginx is installed: the lean TUS upload received by
  nginx, which writes each chunk to a file and hands the app only its name
  (benchmarks/bare_nginx.py): getting the bytes over loopback HTTP onto the disk, nothing else.

For each it prints wall time and its ratio to `cp`, the time until the data is on disk
(followed by `sync`: a plain `cp` of a cached file only copies memory) and its ratio to
`cp` followed by an fsync of the copy (the ceiling of a durable store, a row of its own), the
server's peak memory growth (VmHWM after minus VmRSS before; the peak is reset before
each step) and the CPU time the server used (user + system, all its threads: less
disturbed than wall time by other work on the machine), and the CPU time of the whole
machine (client, nginx, Zope and the kernel together) with what it means for wall time: that
CPU spread over every core, the least any schedule of that work could take. With --rounds N
every step is measured N times, alternating, and the table shows the median and the range.

    .venv/bin/python -m benchmarks.upload [--size 536870912] [--rounds 1] [--keep]
"""

from benchmarks.bare_nginx import start_bare_nginx
from benchmarks.bare_nginx import start_front_nginx
from benchmarks.harness import table
from benchmarks.instances import port_opens
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit
import argparse
import base64
import hashlib
import http.client
import os
import re
import secrets
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


def cpu_seconds(pid):
    """User + system time of a process and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU time all cores spent on anything but idling or waiting for the disk, so far:
    the client, nginx, Zope and the kernel's own threads (writing back) together."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measured(pid, step):
    """(seconds, seconds until on disk, peak growth in bytes, server CPU seconds, machine CPU
    seconds) of step()."""
    os.sync()  # every step starts without dirty pages of the one before
    reset_peak(pid)
    before = memory(pid, "VmRSS")
    cpu = cpu_seconds(pid)
    busy = machine_busy_seconds()
    start = time.perf_counter()
    step()
    seconds = time.perf_counter() - start
    cpu = cpu_seconds(pid) - cpu
    busy = machine_busy_seconds() - busy
    os.sync()
    durable = time.perf_counter() - start
    return seconds, durable, memory(pid, "VmHWM") - before, cpu, busy


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MiB), b""):
            digest.update(block)
    return digest.hexdigest()


def start_instance(folder, env=None):
    sys.path.insert(0, str(ROOT / "instance"))
    from generate import generate

    port = free_port()
    generate(storage="filestorage", port=port, instance=folder)
    conf = folder / "etc" / "zope.conf"
    subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "scripts/create_site.py"],
        check=True,
        env=dict(os.environ, PROEVE_SITE_ID="proeve"),
    )
    with open(folder / "var" / "log" / "bench-server.log", "wb") as log:
        # The child keeps its own copy of the file descriptor.
        server = subprocess.Popen(
            [BIN / "runwsgi", folder / "etc" / "zope.ini"],
            stdout=log,
            stderr=log,
            env=dict(os.environ, **(env or {})),
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


def tus_upload(endpoint, source):
    from tusclient import client as tus

    headers = {"Authorization": auth(), "Accept": "application/json"}
    uploader = tus.TusClient(endpoint, headers=headers).uploader(
        str(source), chunk_size=64 * MiB, metadata={"filename": "tus.mp4", "title": "TUS"}
    )
    uploader.upload()


def lean_tus(endpoint, source, headers, metadata, chunk=64 * MiB):
    """A TUS upload without client-side copies; returns the upload's URL."""
    parts = urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    headers = {**headers, "Tus-Resumable": "1.0.0"}
    size = source.stat().st_size
    encoded = ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in metadata.items()
    )
    connection.request(
        "POST",
        parts.path,
        headers={**headers, "Upload-Length": str(size), "Upload-Metadata": encoded},
    )
    response = connection.getresponse()
    response.read()
    if response.status != 201:
        raise SystemExit(f"TUS create answered {response.status}")
    location = urlsplit(response.getheader("Location")).path
    offset = 0
    with open(source, "rb") as f:
        while offset < size:
            length = min(chunk, size - offset)
            connection.putrequest("PATCH", location, skip_accept_encoding=True)
            for name, value in {
                **headers,
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(length),
            }.items():
                connection.putheader(name, value)
            connection.endheaders()
            connection.sock.sendfile(f, offset, length)
            response = connection.getresponse()
            response.read()
            if response.status != 204:
                raise SystemExit(f"TUS chunk answered {response.status}")
            offset = int(response.getheader("Upload-Offset"))
    return location


def post_stream(url, path, headers, source, head=b"", tail=b""):
    """POST head + the file + tail, streaming the file from disk (no client-side copy)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.putrequest("POST", path)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(head) + source.stat().st_size + len(tail)))
    connection.endheaders()
    connection.send(head)
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(4 * MiB), b""):
            connection.send(block)
    connection.send(tail)
    response = connection.getresponse()
    response.read()
    return response.status


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
    status = post_stream(
        url,
        f"{urlsplit(url).path}/{PVB}/++add++Evidence",
        {"Authorization": auth(), "Content-Type": f"multipart/form-data; boundary={boundary}"},
        source,
        head.encode(),
        tail,
    )
    if status not in (200, 302, 303):
        raise SystemExit(f"form upload answered {status}")


def download(url, path, target):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request("GET", path, headers={"Authorization": auth()})
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


def start_bare(folder, source):
    """The bare WSGI app (benchmarks/bare_upload.py) on the instance's [server:main] settings."""
    port = free_port()
    ini = folder / "etc" / "zope.ini"
    text = ini.read_text()
    old_port = next(line for line in text.splitlines() if line.startswith("port = "))
    bare_ini = ini.with_name("bare.ini")
    bare_ini.write_text(text.replace(old_port, f"port = {port}"))
    with open(folder / "var" / "log" / "bench-bare.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bare_upload", bare_ini, source],
            stdout=log,
            stderr=log,
            cwd=ROOT,
        )
    if port_opens(port, tries=100, pause=0.2):
        return server, f"http://127.0.0.1:{port}"
    server.kill()
    raise SystemExit("the bare server did not start")


def steps(url, bare_url, source, folder, expected):
    """(label, which server, step) in the order they run in every round."""

    def checked_download(title):
        def step():
            evidence = newest_evidence(url, title)
            target = folder / f"back-{title}.mp4"
            path = f"{urlsplit(url).path}/{PVB}/{evidence}/@@download/file"
            download(url, path, target)
            if sha256_of(target) != expected:
                raise SystemExit(f"{title}: the stored file differs from the source")
            target.unlink()

        return step

    def bare_download():
        target = folder / "back-bare.mp4"
        download(bare_url, "/file", target)
        target.unlink()

    def cp():
        # The copy stays until after the sync (checks() removes it): its bytes count in
        # "until on disk" as the stored upload's do.
        subprocess.run(["cp", source, folder / "copy.mp4"], check=True)

    def cp_fsync():
        # What a durable store of the file costs at least: the copy, then its fsync (as the
        # server syncs an upload before it commits the evidence).
        subprocess.run(["cp", source, folder / "copy-synced.mp4"], check=True)
        fd = os.open(folder / "copy-synced.mp4", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    return [
        ("cp (ceiling)", None, cp),
        (CP_FSYNC, None, cp_fsync),
        (
            "bare waitress: TUS (tuspy, 64 MiB chunks)",
            "bare",
            lambda: tus_upload(f"{bare_url}/files", source),
        ),
        (
            "bare waitress: TUS (lean client, 64 MiB chunks)",
            "bare",
            lambda: lean_tus(f"{bare_url}/files", source, {}, {}),
        ),
        (
            HASHED + "TUS (lean client, 64 MiB chunks)",
            "bare",
            lambda: lean_tus(f"{bare_url}/hashed/files", source, {}, {}),
        ),
        (
            "bare waitress: one POST of the file",
            "bare",
            lambda: post_stream(bare_url, "/sink", {}, source),
        ),
        ("bare waitress: download (file_wrapper)", "bare", bare_download),
        (
            "TUS (tuspy, 64 MiB chunks)",
            "zope",
            lambda: tus_upload(f"{url}/{PVB}/@tus-upload", source),
        ),
        ("download of the TUS file", "zope", checked_download("TUS")),
        lean_step(
            "TUS (lean client, 64 MiB chunks)", f"{url}/{PVB}", source, "lean.mp4", "TUS lean"
        ),
        ("multipart form (++add++Evidence)", "zope", lambda: form_upload(url, source)),
        ("download of the Formulier file", "zope", checked_download("Formulier")),
    ]


def nginx_step(nginx_url, source):
    return (
        NGINX_TUS,
        "nginx",
        lambda: lean_tus(f"{nginx_url}/files", source, {}, {}),
    )


def lean_step(label, pvb_url, source, filename, title):
    """The lean client's upload into the PvB at pvb_url, as a step of Zope's."""
    headers = {"Authorization": auth(), "Accept": "application/json"}
    metadata = {"filename": filename, "title": title}
    return (label, "zope", lambda: lean_tus(f"{pvb_url}/@tus-upload", source, headers, metadata))


def nginx_worker(master):
    """nginx receives in its worker process, a child of the master."""
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    return master


def checks(url, folder, expected):
    """Untimed work after a step: cp's copy goes, the lean upload's file is checked."""

    def stored_file_is_the_source(title):
        def check():
            evidence = newest_evidence(url, title)
            target = folder / "check.mp4"
            download(url, f"{urlsplit(url).path}/{PVB}/{evidence}/@@download/file", target)
            if sha256_of(target) != expected:
                raise SystemExit(f"{title}: the stored file differs from the source")
            target.unlink()

        return check

    return {
        "cp (ceiling)": (folder / "copy.mp4").unlink,
        CP_FSYNC: (folder / "copy-synced.mp4").unlink,
        "TUS (lean client, 64 MiB chunks)": stored_file_is_the_source("TUS lean"),
        FRONT_TUS: stored_file_is_the_source("TUS nginx"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=536870912)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="proeve-bench-upload-"))
    servers = []
    try:
        source = folder / "source.mp4"
        with open(source, "wb") as f:
            for _ in range(args.size // MiB):
                f.write(os.urandom(MiB))
            f.write(os.urandom(args.size % MiB))
        expected = sha256_of(source)
        # Zope takes the chunks nginx received into files here (proeve.evidence.front_body).
        front_folder, key = folder / "front", secrets.token_hex(16)
        server, url = start_instance(
            folder,
            {"PROEVE_FRONT_BODY_DIR": str(front_folder / "bodies"), "PROEVE_FRONT_BODY_KEY": key},
        )
        servers.append(server)
        bare, bare_url = start_bare(folder, source)
        servers.append(bare)
        pids = {"zope": server.pid, "bare": bare.pid, None: server.pid}
        plan = steps(url, bare_url, source, folder, expected)
        front = start_bare_nginx(folder, bare_url, free_port())
        if front is None:
            print("no nginx here: the transport floor row is left out")
        else:
            servers.append(front[0])
            pids["nginx"] = nginx_worker(front[0].pid)
            plan.insert(1, nginx_step(front[1], source))
            zope_port = urlsplit(url).port
            proxied = start_front_nginx(front_folder, f"127.0.0.1:{zope_port}", free_port(), key)
            servers.append(proxied[0])
            front_pvb = f"{proxied[1]}/proeve/{PVB}"
            plan.append(lean_step(FRONT_TUS, front_pvb, source, "front.mp4", "TUS nginx"))
        after = checks(url, folder, expected)
        runs = {label: [] for label, _, _ in plan}
        for _ in range(args.rounds):
            for label, which, step in plan:
                runs[label].append(measured(pids[which], step))
                if label in after:
                    after[label]()
        print(f"\nUpload of {args.size:,} bytes (SHA-256 of every stored file checked)\n")
        print(table(HEADERS, rows(plan, runs)))
    finally:
        for each in servers:
            each.terminate()
            each.wait(timeout=60)
        if args.keep:
            print("kept", folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)


NGINX_TUS = "nginx (C) writes each chunk to a file: TUS (lean client, 64 MiB chunks)"
FRONT_TUS = "TUS behind nginx, which receives each chunk into a file (lean client, 64 MiB chunks)"
CP_FSYNC = "cp + fsync of the copy (ceiling of a durable store)"
HASHED = "bare waitress, SHA-256 of every byte beside receiving: "
HEADERS = (
    "step",
    "s (median)",
    "s (range)",
    "ratio to cp",
    "s until on disk (sync)",
    "ratio to cp + fsync",
    "server peak memory growth (MiB, most)",
    "server CPU s (median)",
    "machine CPU s, all cores",
    "CPU floor s (machine CPU / cores)",
)
CORES = os.cpu_count() or 1


def rows(plan, runs):
    cp_seconds = median(r[0] for r in runs[plan[0][0]])
    # Every step's time until on disk against cp + fsync's own time (it is on disk then).
    cp_durable = median(r[0] for r in runs[CP_FSYNC])
    result = []
    for label, which, _ in plan:
        seconds = [r[0] for r in runs[label]]
        durable = median(r[1] for r in runs[label])
        result.append(
            (
                f"{label}, median of {len(seconds)}" if len(seconds) > 1 else label,
                f"{median(seconds):.2f}",
                f"{min(seconds):.2f}–{max(seconds):.2f}",
                f"{median(seconds) / cp_seconds:.2f}",
                f"{durable:.2f}",
                f"{durable / cp_durable:.2f}",
                f"{max(r[2] for r in runs[label]) / MiB:.0f}" if which else "-",
                f"{median(r[3] for r in runs[label]):.2f}" if which else "-",
                f"{median(r[4] for r in runs[label]):.2f}",
                f"{median(r[4] for r in runs[label]) / CORES:.2f}",
            )
        )
    return result


if __name__ == "__main__":
    main()
