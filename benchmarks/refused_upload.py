"""What a refused upload leaves behind, and the memory every upload path takes.

Starts a real instance (FileStorage + blobs in a temporary folder, waitress; see
benchmarks/upload.py) and sends files to a PvB in execution as the candidate:

- the Classic add form with a 100 MB file and no title (refused: "verplicht veld");
- the Classic add form with a file of the limit + 1 byte (refused: too big);
- TUS declaring the limit + 1 byte (refused before any byte);
- REST POST with the file as base64 in JSON (refused before the body is read);
- the Classic add form and TUS (lean client, 64 MiB chunks) with a file at the limit
  (stored: the memory those take is the bound for every path).

For each it prints the answer, the growth of Data.fs, of the blob folder, of the temporary
folders (TMPDIR, where multipart spools and unstored blobs go, and the TUS folder), and
the server's memory growth: its peak during the step (VmHWM after minus VmRSS before,
the peak reset before the step) and what stays (VmRSS after minus before).

    .venv/bin/python -m benchmarks.refused_upload [--size 536870912]
"""

from benchmarks.harness import table
from benchmarks.upload import auth
from benchmarks.upload import lean_tus
from benchmarks.upload import memory
from benchmarks.upload import post_stream
from benchmarks.upload import PVB
from benchmarks.upload import reset_peak
from benchmarks.upload import start_instance
from pathlib import Path
from urllib.parse import urlsplit
import argparse
import http.client
import os
import re
import shutil
import tempfile


MiB = 1 << 20
BOUNDARY = "proeve-bench-boundary"


def folder_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def random_file(path, size):
    with open(path, "wb") as f:
        for _ in range(size // MiB):
            f.write(os.urandom(MiB))
        f.write(os.urandom(size % MiB))
    return path


def form_token(url):
    import requests

    page = requests.get(
        f"{url}/{PVB}/++add++Evidence", headers={"Authorization": auth()}, timeout=60
    ).text
    field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', field).group(1)


def add_form(url, source, title):
    fields = {
        "form.widgets.IBasic.title": title,
        "form.buttons.save": "Opslaan",
        "_authenticator": form_token(url),
    }
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="form.widgets.file"; '
        'filename="form.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    )
    return post_stream(
        url,
        f"{urlsplit(url).path}/{PVB}/++add++Evidence",
        {"Authorization": auth(), "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        source,
        head.encode(),
        f"\r\n--{BOUNDARY}--\r\n".encode(),
    )


def tus_declared(url, size):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request(
        "POST",
        f"{parts.path}/{PVB}/@tus-upload",
        headers={
            "Authorization": auth(),
            "Accept": "application/json",
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(size),
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status


def rest_base64(url, source):
    """The JSON body streamed: a base64 file the size of the source (its bytes are not sent
    as real base64: the server refuses the body on its length before reading it)."""
    size = source.stat().st_size
    encoded = (size + 2) // 3 * 4
    head = b'{"@type": "Evidence", "title": "REST", "file": {"encoding": "base64", "data": "'
    tail = b'"}}'
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.putrequest("POST", f"{parts.path}/++api++/{PVB}")
    for name, value in {
        "Authorization": auth(),
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Content-Length": str(len(head) + encoded + len(tail)),
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        connection.send(head)
        block = b"A" * (4 * MiB)
        sent = 0
        while sent < encoded:
            connection.send(block[: min(len(block), encoded - sent)])
            sent += min(len(block), encoded - sent)
        connection.send(tail)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused on its declared length: the server stopped reading
    response = connection.getresponse()
    response.read()
    return response.status


def lean_tus_status(url, source):
    lean_tus(
        f"{url}/{PVB}/@tus-upload",
        source,
        {"Authorization": auth(), "Accept": "application/json"},
        {"filename": "tus.mp4", "title": "TUS"},
    )
    return 204


def measure(pid, folder, step):
    var = folder / "var"
    places = {
        "Data.fs": lambda: (var / "filestorage" / "Data.fs").stat().st_size,
        "blobs": lambda: folder_size(var / "blobstorage"),
        "temporary": lambda: folder_size(var / "tmp") + folder_size(var / "tus-uploads"),
    }
    before = {name: size() for name, size in places.items()}
    reset_peak(pid)
    rss = memory(pid, "VmRSS")
    status = step()
    peak = memory(pid, "VmHWM") - rss
    stays = memory(pid, "VmRSS") - rss
    grown = [(places[name]() - before[name]) / MiB for name in places]
    return [status, *(f"{g:+.1f}" for g in grown), f"{peak / MiB:.0f}", f"{stays / MiB:+.0f}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=536870912, help="the evidence limit")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="proeve-bench-refused-"))
    server = None
    try:
        hundred = random_file(folder / "100mb.mp4", 100_000_000)
        at_limit = random_file(folder / "limit.mp4", args.size)
        over = folder / "over.mp4"
        shutil.copyfile(at_limit, over)
        with open(over, "ab") as f:
            f.write(b"x")
        server, url = start_instance(folder)
        plan = [
            ("form, 100 MB, no title (refused)", lambda: add_form(url, hundred, "")),
            ("form, limit + 1 byte (refused)", lambda: add_form(url, over, "Te groot")),
            ("TUS, limit + 1 byte (refused)", lambda: tus_declared(url, args.size + 1)),
            ("REST base64, limit (refused)", lambda: rest_base64(url, at_limit)),
            ("form, limit (stored)", lambda: add_form(url, at_limit, "Formulier")),
            ("TUS lean, limit (stored)", lambda: lean_tus_status(url, at_limit)),
        ]
        rows = [[label, *measure(server.pid, folder, step)] for label, step in plan]
        print(f"\nUploads to one PvB; the limit is {args.size:,} bytes; sizes in MiB\n")
        print(table(HEADERS, rows))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


HEADERS = (
    "upload",
    "answer",
    "Data.fs",
    "blob folder",
    "temporary files",
    "server peak memory growth",
    "server memory after",
)


if __name__ == "__main__":
    main()
