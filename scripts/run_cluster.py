"""Serve one site from N Zope processes on one PostgreSQL database (RelStorage).

    python scripts/run_cluster.py --processes 2 --port 8081 --dsn "dbname=proeve ..."

Writes instance/etc/zope-relstorage-<port>.conf/.ini for the ports PORT .. PORT+N-1 (each its
own log and blob cache; one shared TUS_TMP_FILE_DIR, instance/var/tus-uploads), creates or
keeps the site once, starts the processes and stops them all when one ends or on Ctrl-C.
Put a load balancer in front of the ports. On a database without the site it creates one
only when asked: --create production (no demo data) or --create demo; otherwise it stops.
"""

from pathlib import Path
import argparse
import os
import signal
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "instance"))
from generate import generate  # noqa: E402


def site_creation(create):
    """The environment of scripts/create_site.py for --create."""
    if create == "no":
        return {"PROEVE_CREATE_SITE": "0"}
    return {"PROEVE_CREATE_SITE": "1", "PROEVE_DEMO": "1" if create == "demo" else "0"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8081, help="port of the first process")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--dsn", required=True, help="PostgreSQL connection string")
    parser.add_argument("--site-id", default="proeve")
    parser.add_argument("--instance", default=str(ROOT / "instance"))
    parser.add_argument(
        "--create",
        choices=["no", "production", "demo"],
        default="no",
        help="create the site when the database has none (default: no, stop instead)",
    )
    args = parser.parse_args()
    if args.processes < 1:
        parser.error("--processes: at least 1")
    ports = [args.port + n for n in range(args.processes)]
    files = [generate("relstorage", args.host, port, args.dsn, args.instance) for port in ports]
    env = dict(os.environ, PROEVE_SITE_ID=args.site_id, **site_creation(args.create))
    created = subprocess.run(
        [BIN / "zconsole", "run", files[0][0], ROOT / "scripts" / "create_site.py"], env=env
    )
    if created.returncode:
        sys.exit(created.returncode)
    servers = [subprocess.Popen([BIN / "runwsgi", ini]) for _conf, ini in files]
    for port in ports:
        print(f"Proeve: http://{args.host}:{port}/{args.site_id}", flush=True)

    def stop(*_):
        for server in servers:
            if server.poll() is None:
                server.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(server.poll() is None for server in servers):
            time.sleep(1)
    finally:
        stop()
        for server in servers:
            server.wait()
    return max(server.returncode or 0 for server in servers)


if __name__ == "__main__":
    sys.exit(main())
