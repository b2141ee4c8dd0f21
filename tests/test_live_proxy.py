"""Drill: a production site behind nginx with TLS, as docs/operations.md "Production" sets it up.

A site created without demo data and with the operator's platform admin, served by one Zope
process that trusts the proxy's address only, behind nginx configured by instance/nginx.py
with a certificate. nginx connects from 127.0.0.2 (proxy_bind) and the test's client from
127.0.0.3, so the address Zope counts a client under is visible in its access log.
"""

from pathlib import Path
from tests.live import Instance
from tests.live import ROOT
from tests.live import SITE_ID
import base64
import hashlib
import http.client
import json
import os
import pytest
import shutil
import socket
import ssl
import subprocess
import sys
import time
import uuid


sys.path.insert(0, str(ROOT / "instance"))
from nginx import nginx_conf  # noqa: E402


PROXY, CLIENT = "127.0.0.2", "127.0.0.3"
HOST = "proeve.test"
ADMIN = ("beheer-platform", "een-eigen-lang-wachtwoord")

if shutil.which("nginx") is None:
    if os.environ.get("PROEVE_REQUIRE_NGINX") == "1":
        raise RuntimeError("PROEVE_REQUIRE_NGINX=1 but nginx is not installed")
    pytest.skip("nginx is not installed (apt-get install nginx-light)", allow_module_level=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    """nginx with the generated configuration, in a folder of its own."""

    def __init__(self, folder, upstream, front_body_dir=None, front_body_key=None):
        self.folder = Path(folder)
        self.port, self.http_port = free_port(), free_port()
        self.public_url = f"https://{HOST}:{self.port}"
        key, cert = self.folder / "key.pem", self.folder / "cert.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"]
            + ["-keyout", key, "-out", cert],
            check=True,
            capture_output=True,
        )
        self.cert = cert
        site = self.folder / "proeve.conf"
        conf = nginx_conf(
            self.public_url,
            SITE_ID,
            cert,
            key,
            [upstream],
            listen=f"127.0.0.1:{self.port}",
            http_port=f"127.0.0.1:{self.http_port}",
            front_body_dir=front_body_dir,
            front_body_key=front_body_key,
        )
        site.write_text(conf)
        temp = "\n".join(
            f"  {kind}_temp_path {self.folder}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}pid {self.folder}/nginx.pid;\nerror_log {self.folder}/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log {self.folder}/access.log;\n{temp}\n"
            # Which file nginx received a body into, per request (the TUS test reads it).
            "  log_format bodies '$request_method $uri $request_body_file';\n"
            f"  access_log {self.folder}/bodies.log bodies;\n"
            f"  proxy_bind {PROXY};\n  include {site};\n}}\n"
        )
        self.process = subprocess.Popen(
            ["nginx", "-p", self.folder, "-c", self.folder / "nginx.conf", "-g", "daemon off;"]
            + ["-e", self.folder / "error.log"]
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError((self.folder / "error.log").read_text())

    def request(self, method, path, body=None, headers=None):
        """A request from CLIENT over TLS, checking the certificate for the public host name."""
        context = ssl.create_default_context(cafile=str(self.cert))
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=context, source_address=(CLIENT, 0), timeout=120
        )
        connection.sock = context.wrap_socket(
            socket.create_connection(("127.0.0.1", self.port), 120, (CLIENT, 0)),
            server_hostname=HOST,
        )
        headers = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    instance = Instance(
        folder / "instance",
        trusted_proxy=PROXY,
        env={"PROEVE_MAIL_DIR": str(folder / "mail")},
    )
    proxy_folder = folder / "nginx"
    proxy_folder.mkdir()
    # The proxy's port is needed for the public address before the site is made.
    proxy = Proxy(proxy_folder, f"127.0.0.1:{instance.ports[0]}")
    instance.env["PROEVE_PUBLIC_URL"] = proxy.public_url
    instance.zconsole(
        ROOT / "scripts" / "create_site.py",
        env={
            "PROEVE_DEMO": "0",
            "PROEVE_ADMIN_LOGIN": ADMIN[0],
            "PROEVE_ADMIN_EMAIL": "beheer@school.example",
            "PROEVE_ADMIN_PASSWORD": ADMIN[1],
        },
    )
    instance.start()
    yield instance, proxy
    proxy.stop()
    instance.stop()


def access_log_lines(instance, marker):
    log = instance.folder / "var" / "log" / f"access-{instance.ports[0]}.log"
    return [line for line in log.read_text().splitlines() if marker in line]


def test_the_site_answers_under_its_public_address(production):
    _instance, proxy = production
    response, data = proxy.request("GET", "/")
    assert response.status == 200
    page = data.decode("utf-8")
    assert f'href="{proxy.public_url}/' in page
    assert "127.0.0.1" not in page
    assert response.getheader("Strict-Transport-Security")


def test_plain_http_is_sent_to_https(production):
    _instance, proxy = production
    connection = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=30)
    connection.request("GET", "/login?x=1", headers={"Host": HOST})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"{proxy.public_url}/login?x=1"


def test_zope_counts_a_client_under_its_own_address_only(production):
    """The login throttle counts per client address: through the proxy that is the client's
    (not the proxy's, not one the client claims); a direct client's claim is ignored."""
    instance, proxy = production
    marker = uuid.uuid4().hex
    response, _ = proxy.request(
        "GET", f"/robots.txt?via-proxy={marker}", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    direct = http.client.HTTPConnection("127.0.0.1", instance.ports[0], timeout=30)
    direct.request(
        "GET", f"/{SITE_ID}/robots.txt?direct={marker}", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    direct.getresponse().read()
    time.sleep(0.5)
    (via_proxy,) = [line for line in access_log_lines(instance, marker) if "via-proxy" in line]
    (direct_line,) = [line for line in access_log_lines(instance, marker) if "direct=" in line]
    assert via_proxy.split()[0] == CLIENT
    assert direct_line.split()[0] == "127.0.0.1"


def test_the_operators_admin_logs_in_and_no_demo_login_exists(production):
    _instance, proxy = production
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    response, data = proxy.request(
        "POST", "/@login", json.dumps({"login": ADMIN[0], "password": ADMIN[1]}), headers
    )
    assert response.status == 200, data
    assert json.loads(data)["token"]
    from proeve.demo.users import DEMO_PASSWORD

    demo = json.dumps({"login": "platformbeheer", "password": DEMO_PASSWORD})
    response, _ = proxy.request("POST", "/@login", demo, headers)
    assert response.status == 401
    response, _ = proxy.request("GET", "/scholen/roc-de-vaart", headers=headers)
    assert response.status in (401, 404)


def test_an_error_page_shows_no_traceback(production):
    _instance, proxy = production
    response, data = proxy.request("GET", "/no-such-page/@@also-not")
    assert response.status == 404
    assert b"Traceback" not in data


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    """A demo site behind nginx that receives resumable-upload chunks into files of its own
    (instance/generate.py and instance/nginx.py --front-body-dir, issue 22.4)."""
    folder = tmp_path_factory.mktemp("uploads")
    bodies = folder / "front-bodies"
    instance = Instance(folder / "instance", trusted_proxy=PROXY, front_body_dir=bodies)
    key = (folder / "instance" / "etc" / "front-body.key").read_text().strip()
    proxy_folder = folder / "nginx"
    proxy_folder.mkdir()
    proxy = Proxy(proxy_folder, f"127.0.0.1:{instance.ports[0]}", bodies, key)
    instance.env["PROEVE_PUBLIC_URL"] = proxy.public_url
    instance.create_site()
    instance.start()
    yield instance, proxy, bodies
    proxy.stop()
    instance.stop()


ELINE = "/scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution


def eline_headers(login="student-eline", **more):
    from proeve.demo.users import DEMO_PASSWORD

    token = base64.b64encode(f"{login}:{DEMO_PASSWORD}".encode()).decode()
    return {
        "Authorization": f"Basic {token}",
        "Accept": "application/json",
        "Tus-Resumable": "1.0.0",
        **more,
    }


def test_nginx_receives_the_chunks_and_zope_stores_the_exact_file(uploads):
    instance, proxy, bodies = uploads
    data = os.urandom(3 * 1024 * 1024 + 17)
    title = base64.b64encode(b"Via de proxy").decode()
    response, body = proxy.request(
        "POST",
        f"{ELINE}/@tus-upload",
        headers=eline_headers(
            **{"Upload-Length": str(len(data)), "Upload-Metadata": f"title {title}"}
        ),
    )
    assert response.status == 201, body
    location = response.getheader("Location")
    assert location.startswith(f"{proxy.public_url}{ELINE}/@tus-upload/")
    path = location[len(proxy.public_url) :]
    chunk = 1024 * 1024 + 5
    for offset in range(0, len(data), chunk):
        part = data[offset : offset + chunk]
        # A client's own claim of a body file is replaced by nginx's, never passed on.
        response, body = proxy.request(
            "PATCH",
            path,
            body=part,
            headers=eline_headers(
                **{
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": str(offset),
                    "X-Proeve-Body-File": "/etc/passwd",
                    "X-Proeve-Body-Key": "0" * 64,
                }
            ),
        )
        assert response.status == 204, body
        assert int(response.getheader("Upload-Offset")) == offset + len(part)
    response, body = proxy.request(
        "GET", f"{ELINE}/@journal", headers=eline_headers("examencie-vaart")
    )
    assert response.status == 200, body
    uploaded = [e for e in json.loads(body)["items"] if e["action"] == "evidence_uploaded"]
    assert uploaded[-1]["details"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert uploaded[-1]["details"]["size"] == len(data)
    # nginx received every chunk into a file in the folder, and removed it once Zope had
    # answered (Zope got no body: proxy_pass_request_body off).
    logged = (proxy.folder / "bodies.log").read_text().splitlines()
    files = [line.split()[2] for line in logged if line.startswith("PATCH") and path in line]
    assert len(files) == 4
    assert all(Path(name).parent == bodies.resolve() for name in files)
    assert list(bodies.iterdir()) == []
    events = (instance.folder / "var" / "log").glob("event-*.log")
    assert not any("TUS chunk refused" in log.read_text() for log in events)


def test_a_body_file_named_to_zope_directly_is_refused(uploads):
    """Past nginx (a client on Zope's own port) the key is unknown: nothing is taken."""
    instance, proxy, bodies = uploads
    response, body = proxy.request(
        "POST",
        f"{ELINE}/@tus-upload",
        headers=eline_headers(**{"Upload-Length": "8"}),
    )
    path = response.getheader("Location")[len(proxy.public_url) :]
    (bodies / "0000099999").write_bytes(b"12345678")
    direct = http.client.HTTPConnection("127.0.0.1", instance.ports[0], timeout=30)
    direct.request(
        "PATCH",
        f"/{SITE_ID}{path}",
        body=b"",
        headers=eline_headers(
            **{
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
                "X-Proeve-Body-File": str(bodies / "0000099999"),
                "X-Proeve-Body-Length": "8",
                "X-Proeve-Body-Key": "0" * 64,
            }
        ),
    )
    answer = direct.getresponse()
    assert answer.status == 400
    assert json.loads(answer.read())["error"]["code"] == "invalid_body"
    response, _ = proxy.request("HEAD", path, headers=eline_headers())
    assert response.getheader("Upload-Offset") == "0"
    (bodies / "0000099999").unlink()
