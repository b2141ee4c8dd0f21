"""Generated instances for the live scenarios: made once per scale, served from a copy.

`prepared(scale)` returns benchmarks/.data/pvbs-<scale>/ (FileStorage and blobs of a site
"proeve" with the demo data and `scale` generated PvBs), making it the first time:
instance/generate.py, scripts/create_site.py and benchmarks/generate.py through zconsole.
`serve(folder)` copies the data to a temporary instance (the blobs as hard links: a blob
file is never changed, only added), starts waitress on a free port and returns
(process, url, instance folder). The cache is not in git; delete the folder to regenerate.
Data made by older code is upgraded once (benchmarks/upgrade.py: the pending upgrade steps,
as a deployment runs them), so the scenarios measure the profile of this code; data made by
an older generator (data.txt holds generate.py's DATA_VERSION) is made anew.
"""

from pathlib import Path
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATA = ROOT / "benchmarks" / ".data"
SITE = "proeve"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _instance(folder, port, threads=None):
    sys.path.insert(0, str(ROOT / "instance"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    return generate(storage="filestorage", port=port, instance=folder, threads=threads)


def profile_version():
    text = (ROOT / "src" / "proeve" / "profiles" / "default" / "metadata.xml").read_text()
    return text.split("<version>", 1)[1].split("</version>", 1)[0].strip()


def up_to_date(folder, log=print):
    """The cached site at the profile version of this code: its pending upgrade steps run once
    (profile.txt says which version the data has)."""
    marker = folder / "profile.txt"
    wanted = profile_version()
    if marker.exists() and marker.read_text().strip() == wanted:
        return folder
    conf, _ini = _instance(folder, free_port())
    log(f"upgrading the site in {folder} to profile {wanted} (once)")
    start = time.perf_counter()
    out = subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "benchmarks/upgrade.py"],
        check=True,
        env=dict(os.environ, PROEVE_SITE_ID=SITE),
        capture_output=True,
        text=True,
    ).stdout
    got = [line.split()[1] for line in out.splitlines() if line.startswith("profile ")]
    marker.write_text(f"{got[-1] if got else '?'}\n")
    log(f"upgraded to {marker.read_text().strip()} in {time.perf_counter() - start:.0f} s")
    return folder


def data_version():
    """generate.py's DATA_VERSION (read, not imported: the import would load Plone)."""
    text = (ROOT / "benchmarks" / "generate.py").read_text()
    return text.split("\nDATA_VERSION = ", 1)[1].split("\n", 1)[0].strip()


def prepared(scale, log=print):
    folder = DATA / f"pvbs-{scale}"
    ready = folder / "ready.txt"
    made_by = folder / "data.txt"
    if ready.exists() and made_by.exists() and made_by.read_text().strip() == data_version():
        return up_to_date(folder, log)
    if ready.exists():
        log(f"the data in {folder} is of an older generator: made anew")
    shutil.rmtree(folder, ignore_errors=True)
    conf, _ini = _instance(folder, free_port())
    env = dict(os.environ, PROEVE_SITE_ID=SITE)
    made_at = profile_version()  # read before: the code may change while the data is made
    log(f"making the site for {scale:,} PvBs in {folder} (once; cached)")
    subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "scripts/create_site.py"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    start = time.perf_counter()
    out = subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "benchmarks/generate.py", "--pvbs", str(scale)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - start
    last = [line for line in out.splitlines() if line.startswith("generated")]
    ready.write_text(f"{last[-1] if last else ''}\nwall time {seconds:.0f} s\n")
    (folder / "profile.txt").write_text(f"{made_at}\n")
    (folder / "data.txt").write_text(f"{data_version()}\n")
    log(ready.read_text().strip())
    return folder


def generation_note(scale):
    ready = DATA / f"pvbs-{scale}" / "ready.txt"
    return ready.read_text().splitlines()[0] if ready.exists() else ""


def working_copy(folder, port=None, prefix="proeve-bench-live-", threads=None):
    """A throw-away instance with a copy of a prepared one's data: (folder, conf, ini)."""
    run = Path(tempfile.mkdtemp(prefix=prefix))
    conf, ini = _instance(run, port or free_port(), threads)
    source = folder / "var"
    for name in ("Data.fs", "Data.fs.index"):  # with its index: no scan of the file
        if (source / "filestorage" / name).exists():
            shutil.copy2(source / "filestorage" / name, run / "var" / "filestorage" / name)
    shutil.rmtree(run / "var" / "blobstorage")
    subprocess.run(["cp", "-al", source / "blobstorage", run / "var" / "blobstorage"], check=True)
    return run, conf, ini


def run_on_copy(folder, script, *args, env=None, prefix="proeve-bench-"):
    """stdout of `zconsole run script args` on a throw-away copy of a prepared instance
    (its writes are thrown away with the copy)."""
    run, conf, _ini = working_copy(folder, prefix=prefix)
    try:
        return subprocess.run(
            [BIN / "zconsole", "run", conf, ROOT / script, *map(str, args)],
            check=True,
            # PYTHONPATH: zconsole runs the script without this folder on its path.
            env=dict(os.environ, PROEVE_SITE_ID=SITE, PYTHONPATH=str(ROOT), **(env or {})),
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(run, ignore_errors=True)


def open_site(app):
    """zconsole side (a script run_on_copy runs): the site with a request, as its platform
    admin, without mail (nothing listens)."""
    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    import proeve.process.notify

    proeve.process.notify.send = lambda *a, **k: 0
    portal = makerequest(app)[SITE]
    setSite(portal)
    admin = portal.acl_users.getUserById("platformbeheer")
    newSecurityManager(None, admin.__of__(portal.acl_users))
    return portal


def serve(folder, threads=None):
    """A running copy of a prepared instance: (process, url, its folder)."""
    port = free_port()
    run, _conf, ini = working_copy(folder, port, threads=threads)
    log = open(run / "var" / "log" / "bench-server.log", "wb")  # noqa: SIM115 (child keeps it)
    server = subprocess.Popen([BIN / "runwsgi", ini], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/{SITE}"
    wait_until_up(server, port, f"/{SITE}", run)
    return server, url, run


def port_opens(port, tries=50, pause=0.1):
    """Whether something listens on the loopback port within tries × pause seconds."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(pause)
    return False


def wait_until_up(server, port, path, folder):
    for _ in range(480):
        if server.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit(f"the server did not start; see {folder}/var/log")


def stop(server, folder):
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for each in sys.argv[1:] or ["1000"]:
        prepared(int(each))
