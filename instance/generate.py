"""Write the Zope instance configuration (instance/etc) from instance/templates.

Usage: python instance/generate.py [--storage filestorage|relstorage]
                                   [--host 127.0.0.1] [--port 8080]
                                   [--dsn "dbname=proeve ..."]
                                   [--trusted-proxy 10.0.0.2] [--threads 2]
                                   [--front-body-dir /srv/proeve/front-bodies]
                                   [--instance instance] [--var instance/var]

The FileStorage configuration goes to etc/zope.conf and etc/zope.ini; the
RelStorage one to etc/zope-relstorage-<port>.conf and .ini, so several
processes on one database each get their own port, log and blob cache.
With FileStorage, etc/zope-readonly.conf opens the same Data.fs read-only: zconsole
scripts that only read (the backup manifest) run beside the live server with it.

--threads (or ZOPE_THREADS) is the number of waitress threads, each with its own database
connection and object cache; 2 by default (docs/operations.md "Memory" says why).

--front-body-dir (or PROEVE_FRONT_BODY_DIR) is the folder where nginx receives the chunks of
resumable uploads (instance/nginx.py --front-body-dir): Zope then takes them from there
instead of receiving them itself, with the key in etc/front-body.key (made once, kept).

--instance is the instance home (etc/ is written there), --var the data folder (Data.fs,
blobs, logs, temporary files), instance/var unless given. A buildout deployment renders the
same templates with --instance parts/instance --var var (the proeve:zope-conf part of
buildout.cfg does that, src/proeve/buildout.py).
"""

from pathlib import Path
from string import Template
import argparse
import os
import secrets
import shutil


HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"


def render(name, **values):
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)


def proxy_settings(trusted_proxy):
    """waitress takes the client's address from X-Forwarded-For only when the direct peer is
    this reverse proxy; any other peer's forwarding headers are dropped. The login throttle
    counts per client address (proeve.throttle), so without this every client behind the
    proxy would share the proxy's address."""
    if not trusted_proxy:
        return ""
    return (
        f"trusted_proxy = {trusted_proxy}\n"
        "trusted_proxy_count = 1\n"
        "trusted_proxy_headers = x-forwarded-for\n"
    )


DEFAULT_THREADS = 2


def thread_count(threads=None):
    """The waitress threads per process: the argument, else ZOPE_THREADS, else 2 (1–64)."""
    value = threads if threads is not None else os.environ.get("ZOPE_THREADS") or DEFAULT_THREADS
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= 64:
        raise SystemExit(f"threads must be a whole number from 1 to 64, not {value!r}")
    return count


def front_body_settings(front_body_dir, etc):
    """zope.conf environment lines for chunk bodies received by nginx (proeve.evidence.
    front_body), or none. The key is made once and kept in etc/front-body.key (0600), so
    nginx's configuration stays valid when this one is written again."""
    if not front_body_dir:
        return ""
    folder = Path(front_body_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    key_file = etc / "front-body.key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    key = key_file.read_text().strip()
    return (
        "  # Chunks of resumable uploads that nginx received into files (docs/operations.md).\n"
        f"  PROEVE_FRONT_BODY_DIR {folder}\n"
        f"  PROEVE_FRONT_BODY_KEY {key}\n"
    )


def generate(
    storage="filestorage",
    host="127.0.0.1",
    port=8080,
    dsn=None,
    instance=HERE,
    trusted_proxy=None,
    var=None,
    threads=None,
    front_body_dir=None,
):
    threads = thread_count(threads)  # before anything is written
    instance = Path(instance).resolve()
    var = Path(var).resolve() if var else instance / "var"
    etc = instance / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    for folder in ("log", "cache", "tmp", "tus-uploads", "filestorage", "blobstorage"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    values = {
        "instance": str(instance),
        "var": str(var),
        "port": port,
        "host": host,
        "proxy": proxy_settings(trusted_proxy or os.environ.get("TRUSTED_PROXY")),
        "threads": threads,
    }
    if storage == "relstorage":
        if not dsn:
            raise SystemExit("--dsn is required for RelStorage")
        values["pg_dsn"] = dsn
        stem = f"zope-relstorage-{port}"
    else:
        stem = "zope"
    values["front_body"] = front_body_settings(
        front_body_dir or os.environ.get("PROEVE_FRONT_BODY_DIR"), etc
    )
    values["storage"] = render(f"storage-{storage}.conf.in", read_only="false", **values)
    values["tmpdir"] = str(var / "tmp")
    values["tusdir"] = str(var / "tus-uploads")
    values["conf_name"] = f"{stem}.conf"
    (etc / f"{stem}.conf").write_text(render("zope.conf.in", **values), encoding="utf-8")
    (etc / f"{stem}.ini").write_text(render("zope.ini.in", **values), encoding="utf-8")
    if storage == "filestorage":
        read_only = dict(values, conf_name="zope-readonly.conf")
        read_only["storage"] = render("storage-filestorage.conf.in", read_only="true", **values)
        (etc / "zope-readonly.conf").write_text(
            render("zope.conf.in", **read_only), encoding="utf-8"
        )
    shutil.copyfile(TEMPLATES / "site.zcml", etc / "site.zcml")
    write_inituser(instance)
    return etc / f"{stem}.conf", etc / f"{stem}.ini"


def write_inituser(instance):
    """The Zope root user, read by Zope only while the root has no users yet."""
    inituser = instance / "inituser"
    if inituser.exists():
        return
    from AuthEncoding import pw_encrypt

    password = os.environ.get("ADMIN_PASSWORD", "admin")
    hashed = pw_encrypt(password.encode("utf-8"), "SSHA").decode("ascii")
    inituser.write_text(f"admin:{hashed}\n", encoding="utf-8")
    inituser.chmod(0o600)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storage", choices=["filestorage", "relstorage"], default="filestorage")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--dsn", default=None)
    parser.add_argument("--instance", default=str(HERE), help="the instance home (etc/)")
    parser.add_argument("--var", default=None, help="the data folder (default: INSTANCE/var)")
    parser.add_argument(
        "--trusted-proxy", default=None, help="the address of the reverse proxy in front of Zope"
    )
    parser.add_argument(
        "--threads", default=None, help="waitress threads per process (default: ZOPE_THREADS or 2)"
    )
    parser.add_argument(
        "--front-body-dir",
        default=None,
        help="where nginx receives resumable-upload chunks (default: PROEVE_FRONT_BODY_DIR)",
    )
    args = parser.parse_args()
    conf, ini = generate(
        args.storage,
        args.host,
        args.port,
        args.dsn,
        args.instance,
        args.trusted_proxy,
        args.var,
        args.threads,
        args.front_body_dir,
    )
    print(f"wrote {conf} and {ini}")


if __name__ == "__main__":
    main()
