"""The floor of the transport: nginx receives the TUS chunks and writes each body to a file.

    started = start_bare_nginx(folder, app_url)   # (process, url), or None without nginx

nginx (C, no Python on the receiving side) reads every PATCH body from the socket into a
file of its own (`client_body_in_file_only`) and passes only the file's name to the bare
app (benchmarks/bare_upload.py), which removes it and counts the bytes. So the time of this
row is what it costs on this machine to get the bytes over loopback HTTP onto the disk,
before any hashing, copying or Zope: the floor under every upload row. Benchmarks only;
Proeve itself is served by waitress (docs/operations.md).
"""

from benchmarks.instances import port_opens
from pathlib import Path
import os
import pwd
import shutil
import subprocess


# Its worker runs as the user who runs the benchmark (root would hand it to www-data,
# which may not enter the temporary folder).
HEAD = """\
user {user};
worker_processes 1;
daemon off;
error_log {folder}/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {folder}/bodies;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
"""

CONFIG = (
    HEAD
    + """\
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 600m;
    location / {{
      client_body_in_file_only on;
      client_body_buffer_size 4m;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Body-File $request_body_file;
      proxy_set_header X-Body-Length $content_length;
      proxy_pass {app_url};
    }}
  }}
}}
"""
)


# Proeve behind nginx, as docs/operations.md "Production" sets it up for resumable uploads
# (instance/templates/nginx.conf.in, without TLS here: the rows compare the transport).
FRONT = (
    HEAD
    + """\
  upstream zope {{
    server {upstream};
    keepalive 4;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 600m;
    proxy_http_version 1.1;
    location ~ "/@tus-upload/[0-9a-f]{{32}}$" {{
      client_body_in_file_only clean;
      client_body_buffer_size 4m;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Proeve-Body-File $request_body_file;
      proxy_set_header X-Proeve-Body-Length $content_length;
      proxy_set_header X-Proeve-Body-Key {key};
      proxy_pass http://zope;
    }}
    location / {{
      proxy_request_buffering off;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Proeve-Body-File "";
      proxy_set_header X-Proeve-Body-Key "";
      proxy_pass http://zope;
    }}
  }}
}}
"""
)


def nginx():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def start_bare_nginx(folder, app_url, port):
    return _start(Path(folder) / "nginx", CONFIG, port, app_url=app_url)


def start_front_nginx(folder, upstream, port, key):
    """nginx in front of Zope at upstream (host:port), receiving TUS chunks into files in
    folder/bodies (Zope's PROEVE_FRONT_BODY_DIR), with the shared key."""
    return _start(Path(folder), FRONT, port, upstream=upstream, key=key)


def _start(folder, template, port, **values):
    binary = nginx()
    if binary is None:
        return None
    (folder / "bodies").mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    user = pwd.getpwuid(os.geteuid()).pw_name
    conf.write_text(template.format(folder=folder, port=port, user=user, **values))
    with open(folder / "nginx.log", "wb") as log:
        process = subprocess.Popen([binary, "-c", conf, "-p", folder], stdout=log, stderr=log)
    if port_opens(port):
        return process, f"http://127.0.0.1:{port}"
    process.kill()
    return None
