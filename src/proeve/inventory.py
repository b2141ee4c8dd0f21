"""What a site holds, checked from the storage up: for backups, restores and crash checks.

`inventory(site)` walks the content tree (not the catalog: the tree is what was committed),
counts the Proeve objects per type, opens every evidence file and computes its SHA-256, and
reports what does not add up:

- an evidence object without a file, or whose file cannot be opened (a missing blob);
- a file whose size or SHA-256 differs from what was recorded when it arrived;
- an evidence object without its `evidence_uploaded` journal entry (half an upload);
- a catalog entry without an object, or a Proeve object missing from the catalog;
- any problem of the journal: its hash chains, a record changed since it was journaled, a
  chain that does not pass through the heads of the anchor file (or of the manifest checked).

The manifest records the head (length, last hash) of every journal chain: a restore, and
`scripts/verify_journal.py --manifest`, check that every chain still passes through it.

It also counts stray blob files: files in a FileStorage's blob folder that no committed
record refers to. Transactions that failed leave them (a process killed during a commit);
they take disk space, lose nothing, and are not counted as problems.

`compare(manifest, found)` checks a restore against the manifest written at backup time:
every evidence file of the manifest must be there with the same size and SHA-256, and no
type may have fewer objects. Objects added after the manifest was written (a backup of a
running site) are listed, not counted as problems; `exact=True` refuses them too.

Run from the command line with scripts/inventory.py.
"""

from Acquisition import aq_base
from proeve.journal.store import chain_for
from proeve.journal.verify import head_points
from proeve.journal.verify import verify
from ZODB.FileStorage import FileStorage
from ZODB.POSException import POSKeyError
import hashlib
import os


TYPES = (
    "School",
    "ExamGroup",
    "Candidate",
    "PvB",
    "Evidence",
    "Appointment",
    "AssessmentForm",
    "SupplementaryAssignment",
    "ExamAssignment",
)
BLOCK = 1 << 20


def _walk(folder):
    for obj in folder.objectValues():
        if getattr(aq_base(obj), "portal_type", None) in TYPES:
            yield obj
        if getattr(aq_base(obj), "isPrincipiaFolderish", False) and hasattr(
            aq_base(obj), "objectValues"
        ):
            yield from _walk(obj)


def _site_path(site, obj):
    return "/".join(obj.getPhysicalPath()[len(site.getPhysicalPath()) :])


def file_digest(blob):
    """(size, SHA-256) of a stored file, read from the blob itself."""
    digest = hashlib.sha256()
    size = 0
    with blob.open("r") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _uploads_journaled(pvb):
    chain = chain_for(pvb, create=False)
    if chain is None:
        return set()
    return {
        e.get("object")
        for e in chain
        if e.get("action") in ("evidence_uploaded", "evidence_replaced")
    }


def stray_blob_files(storage):
    """{"count", "bytes"} of blob files without a committed record (FileStorage only)."""
    if not isinstance(storage, FileStorage) or getattr(storage, "blob_dir", None) is None:
        return None
    helper = storage.fshelper
    count = size = 0
    for _oid, folder in helper.listOIDs():
        for name in os.listdir(folder):
            if not name.endswith(".blob"):
                continue
            path = os.path.join(folder, name)
            oid, tid = helper.splitBlobFilename(path)
            try:
                storage.loadSerial(oid, tid)
            except POSKeyError:
                count += 1
                size += os.path.getsize(path)
    return {"count": count, "bytes": size}


def inventory(site, manifest_heads=None):
    """A JSON-ready dict: counts per type, evidence files with size and SHA-256, journal
    heads, problems (manifest_heads: the heads of a manifest every chain must pass)."""
    counts = dict.fromkeys(TYPES, 0)
    digests = {}  # each evidence file is read once, for the manifest and the journal both
    evidence = {}
    problems = []
    paths = set()
    journaled = {}
    for obj in _walk(site):
        counts[obj.portal_type] += 1
        path = _site_path(site, obj)
        paths.add(path)
        if obj.portal_type != "Evidence":
            continue
        blob = getattr(aq_base(obj), "file", None)
        if blob is None:
            problems.append(f"{path}: evidence without a file")
            continue
        try:
            size, sha256 = file_digest(blob)
        except Exception as error:  # noqa: BLE001 - a missing blob raises POSKeyError and others
            problems.append(f"{path}: the file cannot be read ({type(error).__name__})")
            continue
        evidence[path] = {"size": size, "sha256": sha256}
        digests[aq_base(blob)._p_oid] = sha256
        recorded = getattr(aq_base(obj), "file_sha256", None)
        if recorded and recorded != sha256:
            problems.append(f"{path}: the file differs from the one uploaded (SHA-256)")
        if size != blob.getSize():
            problems.append(f"{path}: the file has {size} bytes, {blob.getSize()} were stored")
        pvb = obj.aq_parent
        pvb_path = "/".join(pvb.getPhysicalPath())
        if pvb_path not in journaled:
            journaled[pvb_path] = _uploads_journaled(pvb)
        if "/".join(obj.getPhysicalPath()) not in journaled[pvb_path]:
            problems.append(f"{path}: no evidence_uploaded entry in the journal")
    catalog = site.portal_catalog
    cataloged = set()
    for brain in catalog.unrestrictedSearchResults(portal_type=list(TYPES)):
        path = brain.getPath()[len("/".join(site.getPhysicalPath())) + 1 :]
        cataloged.add(path)
        if path not in paths:
            problems.append(f"{path}: in the catalog, but there is no such object")
    for path in sorted(paths - cataloged):
        problems.append(f"{path}: an object missing from the catalog")

    def known_digest(blob):
        known = digests.get(getattr(aq_base(blob), "_p_oid", None))
        return known if known is not None else file_digest(blob)[1]

    chains, entries, journal_problems = verify(
        site, file_digest=known_digest, manifest_heads=manifest_heads
    )
    problems += [f"journal: {p}" for p in journal_problems]
    return {
        "site": site.getId(),
        "counts": counts,
        "evidence": dict(sorted(evidence.items())),
        "journal": {"chains": chains, "entries": entries, "heads": head_points(site)},
        "stray_blob_files": stray_blob_files(site._p_jar.db().storage),
        "problems": problems,
    }


def compare(manifest, found, exact=False):
    """(problems, notes) of a restored site (`found`) against a backup manifest."""
    problems = list(found.get("problems", ()))
    notes = []
    for kind, expected in manifest["counts"].items():
        have = found["counts"].get(kind, 0)
        if have < expected:
            problems.append(f"{kind}: {have} objects, the manifest lists {expected}")
        elif have > expected:
            (problems if exact else notes).append(
                f"{kind}: {have} objects, {have - expected} more than the manifest"
            )
    for path, expected in manifest["evidence"].items():
        have = found["evidence"].get(path)
        if have is None:
            problems.append(f"{path}: evidence of the manifest is missing")
        elif have != expected:
            problems.append(f"{path}: the file differs from the manifest (size or SHA-256)")
    for kind in ("chains", "entries"):
        expected = manifest["journal"][kind]
        have = found["journal"][kind]
        if have < expected or (exact and have > expected):
            problems.append(f"journal: {have} {kind}, the manifest lists {expected}")
    return problems, notes
