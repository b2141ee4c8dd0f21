"""Verify an exported dossier offline: python3 verify_dossier.py dossier.zip

Needs only Python's standard library (the file is also shipped inside every export).
Every file listed in manifest.json must be in the zip with the same SHA-256, and no other
file may be there. The manifest's own SHA-256 is in the exam journal ("dossier_exported").
Exit code 0: intact; 1: something differs.
"""

import hashlib
import json
import sys
import zipfile


SELF = ("manifest.json", "verify_dossier.py")


def verify(path):
    problems = []
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("manifest.json")
        manifest = json.loads(raw)
        listed = manifest["files"]
        present = {n for n in archive.namelist() if not n.endswith("/") and n not in SELF}
        for name in sorted(present - set(listed)):
            problems.append(f"not in the manifest: {name}")
        for name, expected in sorted(listed.items()):
            if name not in present:
                problems.append(f"missing: {name}")
                continue
            digest = hashlib.sha256()
            with archive.open(name) as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
            if digest.hexdigest() != expected:
                problems.append(f"changed: {name}")
    return hashlib.sha256(raw).hexdigest(), len(listed), problems


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    manifest_hash, count, problems = verify(argv[1])
    for problem in problems:
        print(problem)
    print(f"manifest sha256 {manifest_hash}")
    print(f"{count} files, {'INTACT' if not problems else 'NOT INTACT'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
