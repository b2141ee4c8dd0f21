"""Turn constraints.txt (pip pins) into versions.cfg (buildout pins).

Usage: python scripts/constraints_to_versions.py constraints.txt versions.cfg
One source of truth: the buildout deployment uses exactly the pip pins.
"""

from pathlib import Path
import re
import sys


PIN = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*==\s*([^\s;#]+)")


def read_pins(path):
    pins = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name = match.group(1).split("[")[0]
            pins[name] = match.group(2)
    return pins


def render(pins):
    lines = [
        "# Generated from constraints.txt by scripts/constraints_to_versions.py;",
        "# edit constraints.txt and run `make versions-cfg`.",
        "[versions]",
    ]
    lines += [
        f"{name} = {version}" for name, version in sorted(pins.items(), key=lambda p: p[0].lower())
    ]
    return "\n".join(lines) + "\n"


def main(argv):
    source, target = argv[1], argv[2]
    Path(target).write_text(render(read_pins(source)), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
