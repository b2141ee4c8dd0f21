"""A zc.buildout recipe (`proeve:zope-conf`): the Zope configuration of a buildout deployment,
rendered by instance/generate.py from instance/templates, the same templates as `make run`'s.

plone.recipe.zope2instance would write a zope.conf of its own (blobs in a `<blobstorage>`
wrapper, no conflict retries, no TMPDIR or TUS folder); buildout.cfg tells it to use the file
this part writes instead (its `zope-conf` and `wsgi` options). This part runs after that one:
the instance part empties parts/instance whenever it is installed again, so this part writes
the configuration again on every run of bin/buildout.

Options (all optional): `instance` (the instance home, default parts/<instance part>),
`var` (the data folder, default <buildout>/var), `host`, `port`, `trusted-proxy`,
`threads` (waitress threads, default 2), `front-body-dir` (where nginx receives upload
chunks; none by default), `generator` (default <buildout>/instance/generate.py).
"""

from pathlib import Path
import subprocess
import sys


class ZopeConf:
    def __init__(self, buildout, name, options):
        self.options = options
        directory = Path(buildout["buildout"]["directory"])
        parts = Path(buildout["buildout"]["parts-directory"])
        options.setdefault("instance", str(parts / "instance"))
        options.setdefault("var", str(directory / "var"))
        options.setdefault("host", "127.0.0.1")
        options.setdefault("port", "8080")
        options.setdefault("trusted-proxy", "")
        options.setdefault("threads", "2")
        options.setdefault("front-body-dir", "")
        options.setdefault("generator", str(directory / "instance" / "generate.py"))
        options["zope-conf"] = str(Path(options["instance"]) / "etc" / "zope.conf")
        options["zope-ini"] = str(Path(options["instance"]) / "etc" / "zope.ini")

    def command(self):
        options = self.options
        command = [sys.executable, options["generator"]]
        command += ["--instance", options["instance"], "--var", options["var"]]
        command += ["--host", options["host"], "--port", options["port"]]
        command += ["--threads", options["threads"]]
        if options["front-body-dir"]:
            command += ["--front-body-dir", options["front-body-dir"]]
        if options["trusted-proxy"]:
            command += ["--trusted-proxy", options["trusted-proxy"]]
        return command

    def install(self):
        subprocess.run(self.command(), check=True)  # noqa: S603 (buildout.cfg's own paths)
        # Nothing for buildout to remove on uninstall: the files live in the instance part,
        # and the data folder is never buildout's to delete.
        return ()

    update = install
