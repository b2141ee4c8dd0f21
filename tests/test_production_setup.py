"""The production path: the public address in mail, the nginx configuration, debug mode off.

The live drill through a real nginx with TLS is tests/test_live_proxy.py.
"""

from email import message_from_bytes
from email import message_from_string
from pathlib import Path
from proeve.publicurl import public_base
from proeve.publicurl import public_url
from proeve.publicurl import PublicURLError
from tests.process_helpers import Process
import os
import pytest
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "instance"))
from nginx import nginx_conf  # noqa: E402


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"


def body(raw):
    message = message_from_bytes(raw) if isinstance(raw, bytes) else message_from_string(raw)
    return message.get_payload(decode=True).decode("utf-8")


def test_links_in_mail_use_the_public_address(functional_portal, request_factory, sent_mail):
    """Issue 19.2: a mail made in a request that reached the process directly linked to the
    internal address (http://nohost/plone/...); with PROEVE_PUBLIC_URL it links to the site
    as people reach it."""
    os.environ["PROEVE_PUBLIC_URL"] = "https://proeve.school.example/"
    try:
        Process(request_factory).to_establishment()
    finally:
        del os.environ["PROEVE_PUBLIC_URL"]
    text = body(sent_mail[0])
    assert f"https://proeve.school.example/{PVB}" in text
    assert functional_portal.absolute_url() not in text


def test_without_a_public_address_mail_links_to_the_site_as_it_answered(functional_portal):
    pvb = functional_portal.unrestrictedTraverse(PVB)
    assert public_url(pvb, environ={}) == pvb.absolute_url()
    assert public_url(functional_portal, {"PROEVE_PUBLIC_URL": "https://p.example"}) == (
        "https://p.example"
    )


@pytest.mark.parametrize(
    "value", ["proeve.school.nl", "ftp://proeve.school.nl", "https://", "https://a.nl/?x=1"]
)
def test_an_unusable_public_address_is_refused(value):
    with pytest.raises(PublicURLError):
        public_base({"PROEVE_PUBLIC_URL": value})


def test_the_site_setup_stops_on_an_unusable_public_address(tmp_path):
    subprocess.run(
        [sys.executable, ROOT / "instance/generate.py", "--instance", tmp_path, "--port", "8096"],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [
            Path(sys.executable).parent / "zconsole",
            "run",
            tmp_path / "etc/zope.conf",
            ROOT / "scripts/create_site.py",
        ],
        env=dict(os.environ, PROEVE_SITE_ID="proeve", PROEVE_PUBLIC_URL="proeve.school.nl"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "PROEVE_PUBLIC_URL" in done.stderr
    assert "created" not in done.stdout


def test_the_served_configuration_has_debug_mode_off(tmp_path):
    subprocess.run(
        [sys.executable, ROOT / "instance/generate.py", "--instance", tmp_path], check=True
    )
    conf = (tmp_path / "etc/zope.conf").read_text()
    assert "\ndebug-mode off\n" in conf
    assert "debug-mode on" not in conf


def conf_for(**kwargs):
    values = {
        "public_url": "https://proeve.school.example",
        "site_id": "productie",
        "certificate": "/etc/ssl/proeve.pem",
        "certificate_key": "/etc/ssl/private/proeve.key",
        "upstreams": ["127.0.0.1:8081", "127.0.0.1:8082"],
    }
    values.update(kwargs)
    return nginx_conf(**values)


def test_nginx_sends_every_request_through_zopes_virtual_hosting():
    conf = conf_for()
    assert (
        "proxy_pass http://proeve_zope/VirtualHostBase/https/proeve.school.example:443/"
        "productie/VirtualHostRoot$request_uri;"
    ) in conf
    assert "server 127.0.0.1:8081;\n    server 127.0.0.1:8082;" in conf
    # The client's own address only: a forwarded header from outside is replaced.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "$proxy_add_x_forwarded_for" not in conf
    assert "client_max_body_size 600m;" in conf
    assert "return 301 https://proeve.school.example$request_uri;" in conf


@pytest.mark.parametrize(
    "public", ["http://proeve.school.example", "https://school.example/proeve", "proeve"]
)
def test_nginx_needs_an_https_host_of_its_own(public):
    with pytest.raises(ValueError, match="--public-url"):
        conf_for(public_url=public)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=proeve.school.example", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    site = tmp_path / "proeve.conf"
    site.write_text(conf_for(certificate=cert, certificate_key=key, listen="127.0.0.1:18443"))
    main = tmp_path / "nginx.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n include {site};\n}}\n")
    done = subprocess.run(
        ["nginx", "-t", "-p", tmp_path, "-c", main, "-e", tmp_path / "error.log"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_nginx_receives_upload_chunks_only_when_asked_and_only_with_a_real_key(tmp_path):
    """Issue 22.4: --front-body-dir adds the location for TUS chunks; every other location
    drops a client's own body-file headers."""
    plain = conf_for()
    assert "@tus-upload" not in plain
    assert 'proxy_set_header X-Proeve-Body-File "";' in plain
    assert 'proxy_set_header X-Proeve-Body-Key "";' in plain
    key = "ab" * 32
    conf = conf_for(front_body_dir=tmp_path / "bodies", front_body_key=key)
    location = conf.split('location ~ "/@tus-upload/[0-9a-f]{32}$" {', 1)[1].split("}", 1)[0]
    assert f"client_body_temp_path {(tmp_path / 'bodies').resolve()};" in location
    assert "client_body_in_file_only clean;" in location
    assert "proxy_pass_request_body off;" in location
    assert f"proxy_set_header X-Proeve-Body-Key {key};" in location
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in location
    assert "VirtualHostBase/https/proeve.school.example:443/productie/VirtualHostRoot" in location
    for wrong in (None, "", "kort", "ab" * 32 + ";"):
        with pytest.raises(ValueError, match="--front-body-key-file"):
            conf_for(front_body_dir=tmp_path / "bodies", front_body_key=wrong)
