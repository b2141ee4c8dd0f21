"""The ceiling of the server: a bare WSGI hello-world served by the same waitress settings.

    .venv/bin/python -m benchmarks.hello <zope.ini>

serves it with the [server:main] section of that zope.ini (threads, buffers, limits), so a
request to it costs what waitress and the client cost, and nothing else.
"""

import sys


BODY = b'{"hello": "world"}'


def app(environ, start_response):
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def main():
    from paste.deploy import loadserver

    server = loadserver(f"config:{sys.argv[1]}", name="main")
    server(app)


if __name__ == "__main__":
    main()
