"""Write the nginx configuration for Proeve behind TLS, from instance/templates/nginx.conf.in.

Usage: python instance/nginx.py --public-url https://proeve.school.nl --site-id productie
           --certificate /etc/ssl/proeve.pem --certificate-key /etc/ssl/private/proeve.key
           [--upstream 127.0.0.1:8080 ...] [--listen 443] [--http-port 80] [--out FILE]
           [--front-body-dir /srv/proeve/front-bodies
            --front-body-key-file instance/etc/front-body.key]

One --upstream per Zope process (make run-cluster serves PORT .. PORT+N-1). The site is
served at the root of its own host name; plain http is redirected to https.

With --front-body-dir nginx receives the chunks of resumable uploads into files there and
Zope takes them from there; Zope's configuration must name the same folder
(instance/generate.py --front-body-dir), whose key file --front-body-key-file reads.
"""

from pathlib import Path
from urllib.parse import urlsplit
import argparse
import re
import sys


sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import render  # noqa: E402


def nginx_conf(
    public_url,
    site_id,
    certificate,
    certificate_key,
    upstreams,
    listen=None,
    http_port=80,
    front_body_dir=None,
    front_body_key=None,
):
    parts = urlsplit(public_url.rstrip("/"))
    if parts.scheme != "https" or not parts.hostname or parts.path.strip("/"):
        raise ValueError(
            "--public-url: the https:// address of a host name of its own, such as "
            "https://proeve.school.nl (no path)"
        )
    if not upstreams:
        raise ValueError("--upstream: at least one Zope process (host:port)")
    port = parts.port or 443
    redirect = ""
    if http_port and str(http_port) != "0":
        redirect = (
            "\nserver {\n"
            f"    listen {http_port};\n"
            f"    server_name {parts.hostname};\n"
            f"    return 301 https://{parts.netloc}$request_uri;\n"
            "}\n"
        )
    vhost = f"{parts.hostname}:{port}"
    front_body_location = ""
    if front_body_dir:
        if not re.fullmatch(r"[0-9a-f]{32,128}", front_body_key or ""):
            raise ValueError(
                "--front-body-key-file: the key file instance/generate.py --front-body-dir "
                "wrote (etc/front-body.key)"
            )
        front_body_location = render(
            "nginx-front-body.conf.in",
            front_body_dir=str(Path(front_body_dir).resolve()),
            front_body_key=front_body_key,
            vhost=vhost,
            site_id=site_id,
        )
    conf = render(
        "nginx.conf.in",
        public_url=public_url.rstrip("/"),
        upstream_servers="\n".join(f"    server {upstream};" for upstream in upstreams),
        redirect=redirect,
        listen=listen or str(port),
        server_name=parts.hostname,
        certificate=certificate,
        certificate_key=certificate_key,
        vhost=vhost,
        site_id=site_id,
        front_body_location=front_body_location,
    )
    return conf


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public-url", required=True)
    parser.add_argument("--site-id", default="proeve")
    parser.add_argument("--certificate", required=True)
    parser.add_argument("--certificate-key", required=True)
    parser.add_argument("--upstream", action="append", default=[])
    parser.add_argument("--listen", default=None, help="address:port to listen on for TLS")
    parser.add_argument(
        "--http-port", default="80", help="[address:]port redirected to https; 0: none"
    )
    parser.add_argument("--out", default=None)
    parser.add_argument("--front-body-dir", default=None, help="receive upload chunks here")
    parser.add_argument("--front-body-key-file", default=None, help="Zope's etc/front-body.key")
    args = parser.parse_args()
    key = None
    if args.front_body_dir:
        try:
            key = Path(args.front_body_key_file or "").read_text().strip()
        except OSError:
            key = None
    try:
        conf = nginx_conf(
            args.public_url,
            args.site_id,
            args.certificate,
            args.certificate_key,
            args.upstream or ["127.0.0.1:8080"],
            args.listen,
            args.http_port,
            args.front_body_dir,
            key,
        )
    except ValueError as error:
        parser.exit(2, f"{error}\n")
    if args.out:
        Path(args.out).write_text(conf, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(conf)


if __name__ == "__main__":
    main()
