"""Real Zope processes for storage tests: a generated instance, PostgreSQL, a mail sink.

`Instance` writes a configuration with instance/generate.py into a temporary folder, creates
the site with its demo data (zconsole), starts one or more `runwsgi` processes and can stop or
kill them. `PostgreSQL` is a throwaway cluster (initdb/pg_ctl as a non-root user) or, with
PROEVE_PG_DSN, a server someone else runs. `MailSink` is an SMTP server that keeps what it gets.
"""

from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
import email
import email.policy
import os
import pwd
import requests
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE_ID = "proeve"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client(requests.Session):
    """A session on one site URL: relative paths, JSON answers, a timeout on every call."""

    def __init__(self, base, login=None):
        super().__init__()
        self.base = base.rstrip("/")
        if login:
            self.auth = (login, DEMO_PASSWORD)
        self.headers["Accept"] = "application/json"

    def request(self, method, url, *args, **kwargs):
        if not url.startswith("http"):
            url = f"{self.base}/{url.lstrip('/')}"
        kwargs.setdefault("timeout", 120)
        return super().request(method, url, *args, **kwargs)


class Instance:
    """A generated Zope instance on FileStorage or on RelStorage with several processes."""

    def __init__(
        self,
        folder,
        storage="filestorage",
        dsn=None,
        processes=1,
        trusted_proxy=None,
        env=None,
        front_body_dir=None,
    ):
        sys.path.insert(0, str(ROOT / "instance"))
        from generate import generate

        self.folder = Path(folder)
        self.storage = storage
        self.ports = [free_port() for _ in range(processes)]
        self.confs, self.inis = [], []
        for port in self.ports:
            conf, ini = generate(
                storage=storage,
                port=port,
                dsn=dsn,
                instance=self.folder,
                trusted_proxy=trusted_proxy,
                front_body_dir=front_body_dir,
            )
            self.confs.append(conf)
            self.inis.append(ini)
        self.servers = []
        self.starts = 0
        # The environment of the processes and scripts, besides the tests' own.
        self.env = dict(env or {})

    @property
    def urls(self):
        return [f"http://127.0.0.1:{port}/{SITE_ID}" for port in self.ports]

    @property
    def url(self):
        return self.urls[0]

    def clients(self, login):
        """One client per process: spread requests over them as a load balancer would."""
        return [Client(url, login) for url in self.urls]

    def zconsole(self, script, *args, read_only=False, env=None, check=True):
        conf = self.folder / "etc" / "zope-readonly.conf" if read_only else self.confs[0]
        return subprocess.run(
            [BIN / "zconsole", "run", conf, script, *args],
            env=dict(os.environ, PROEVE_SITE_ID=SITE_ID, **self.env, **(env or {})),
            capture_output=True,
            text=True,
            check=check,
        )

    def create_site(self):
        self.zconsole(ROOT / "scripts" / "create_site.py")

    def inventory(self, *args):
        """scripts/inventory.py's result (code, output); read-only beside a live FileStorage."""
        done = self.zconsole(
            ROOT / "scripts" / "inventory.py",
            *args,
            read_only=self.storage == "filestorage" and self.running(),
            check=False,
        )
        return done.returncode, done.stdout + done.stderr

    def running(self):
        return any(server.poll() is None for server in self.servers)

    def start(self):
        self.starts += 1
        self.servers = []
        for port, ini in zip(self.ports, self.inis, strict=True):
            log = open(self.folder / "var" / "log" / f"server-{port}.log", "ab")  # noqa: SIM115
            with log:
                self.servers.append(
                    subprocess.Popen(
                        [BIN / "runwsgi", ini],
                        stdout=log,
                        stderr=log,
                        env=dict(os.environ, **self.env),
                    )
                )
        for url, server in zip(self.urls, self.servers, strict=True):
            self._wait(url, server)

    def _wait(self, url, server):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                break
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.kill()
        raise RuntimeError(f"the server at {url} did not start; see {self.folder}/var/log")

    def kill(self):
        """SIGKILL every process: no clean-up, no commit, no flush (a crash)."""
        for server in self.servers:
            if server.poll() is None:
                server.send_signal(signal.SIGKILL)
        for server in self.servers:
            server.wait(30)

    def stop(self):
        for server in self.servers:
            if server.poll() is None:
                server.terminate()
        for server in self.servers:
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(30)


def postgres_bindir():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


class PostgreSQL:
    """A PostgreSQL to create test databases in."""

    def __init__(self):
        self.admin_dsn = os.environ.get("PROEVE_PG_DSN")
        self.bindir = postgres_bindir()
        self.folder = None
        self.number = 0

    @classmethod
    def unavailable(cls):
        """Why no PostgreSQL can be had here, or None."""
        if os.environ.get("PROEVE_PG_DSN"):
            return None
        if postgres_bindir() is None:
            return (
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install it "
                "(apt-get install postgresql) or set PROEVE_PG_DSN to a server where the user "
                "may create databases"
            )
        return None

    def start(self):
        if self.admin_dsn:
            return self
        self.folder = Path(tempfile.mkdtemp(prefix="proeve-pg-"))
        self.port = free_port()
        user = self._user()
        os.chown(self.folder, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid} if os.geteuid() == 0 else {}
        data = self.folder / "data"
        subprocess.run(
            [
                self.bindir / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
            check=True,
            capture_output=True,
            cwd=self.folder,
            **as_user,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        subprocess.run(
            [
                self.bindir / "pg_ctl",
                "-D",
                data,
                "-l",
                self.folder / "server.log",
                "-w",
                "-t",
                "120",
                "-o",
                options,
                "start",
            ],
            check=True,
            capture_output=True,
            cwd=self.folder,
            **as_user,
        )
        self.admin_dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        self._as_user = as_user
        return self

    @staticmethod
    def _user():
        """initdb refuses root: run the cluster as postgres (or nobody)."""
        if os.geteuid() != 0:
            return pwd.getpwuid(os.geteuid())
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise RuntimeError("no user postgres or nobody to run PostgreSQL as")

    def createdb(self, prefix="proeve"):
        import psycopg2

        self.number += 1
        name = f"{prefix}_{os.getpid()}_{self.number}"
        connection = psycopg2.connect(self.admin_dsn)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return f"{self.admin_dsn} dbname={name}"

    def stop(self):
        if self.folder is None:
            return
        subprocess.run(
            [self.bindir / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "stop"],
            capture_output=True,
            cwd=self.folder,
            **self._as_user,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


class MailSink(socketserver.ThreadingTCPServer):
    """An SMTP server on 127.0.0.1 that keeps every message it receives."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def received(self):
        with self.lock:
            return [email.message_from_bytes(m, policy=email.policy.default) for m in self.messages]


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        self.reply("220 proeve-test-sink")
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self.reply("250-proeve-test-sink")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                self.reply("354 end with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                with self.server.lock:
                    self.server.messages.append(b"".join(lines))
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")
