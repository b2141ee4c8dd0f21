"""Verifying every journal chain: a changed, removed or cut-off entry is reported, a record
changed behind the process too, and a chain that no longer passes through the heads written
outside the database (the anchor file, a backup manifest)."""

from plone.uuid.interfaces import IUUID
from proeve.journal import anchors
from proeve.journal.records import current_sha256
from proeve.journal.records import ended_records
from proeve.journal.records import read_file_sha256
from proeve.journal.records import record_key
from proeve.journal.store import chain_for
from proeve.journal.store import entry_hash
from proeve.journal.store import GENESIS
from proeve.journal.store import get_head
from proeve.journal.store import heads
from proeve.journal.store import read_head
from proeve.journal.store import SITE_CHAIN
import os


def verify_chain(chain, head=None, sealed=None):
    """(problems, number of entries) of one chain. sealed, a dict, receives per record the
    newest entry that journaled it (None once the process ended the record)."""
    problems = []
    expected_prev = GENESIS
    count = 0
    for seq, entry in chain.entries.items():
        if seq != count:
            problems.append(f"{chain.chain_id}: entry {count} is missing")
            count = seq
        if entry.get("seq") != seq:
            problems.append(f"{chain.chain_id}: entry {seq} carries number {entry.get('seq')}")
        if entry.get("prev") != expected_prev:
            problems.append(f"{chain.chain_id}: entry {seq} does not follow its predecessor")
        if entry_hash(entry) != entry.get("hash"):
            problems.append(f"{chain.chain_id}: entry {seq} was changed")
        if sealed is not None:
            _note_records(entry, chain.chain_id, sealed)
        expected_prev = entry.get("hash")
        count += 1
    if chain.length != count or chain.last_hash != expected_prev:
        problems.append(f"{chain.chain_id}: the chain's own length or last hash does not match")
    if head is not None and (head["length"] != count or head["hash"] != expected_prev):
        problems.append(
            f"{chain.chain_id}: {count} entries, but the site recorded {head['length']} "
            "(entries were cut off or added outside the journal)"
        )
    return problems, count


def _note_records(entry, chain_id, sealed):
    for key in ended_records(entry, chain_id):
        sealed[key] = None
    record = entry.get("record")
    if isinstance(record, dict):
        sealed[record_key(record)] = entry


def site_path(obj):
    """The path of obj below the site, as the problems name it."""
    return "/".join(obj.getPhysicalPath()[2:])


def verify_records(pvb, sealed, file_digest=read_file_sha256):
    """Problems of the records of a PvB: each must still have the SHA-256 of the newest entry
    that journaled it (sealed, from verify_chain)."""
    problems = []
    children = None
    pvb_uid = IUUID(pvb, None)
    for (kind, uid, role), entry in sealed.items():
        if entry is None:
            continue
        if uid == pvb_uid:
            obj = pvb
        else:
            if children is None:
                children = {IUUID(o, None): o for o in pvb.objectValues()}
            obj = children.get(uid)
        where = f"{site_path(pvb)}: entry {entry['seq']} ({entry['action']})"
        what = kind if role is None else f"{kind} of {role}"
        if obj is None:
            problems.append(f"{where}: the {what} it records is gone ({entry.get('object')})")
            continue
        now = current_sha256(kind, obj, role, file_digest=file_digest)
        if now is None:
            problems.append(f"{where}: the {what} it records is gone ({site_path(obj)})")
        elif now != entry["record"].get("sha256"):
            problems.append(
                f"{where}: the {what} {site_path(obj)} was changed after it was journaled "
                "(its SHA-256 differs)"
            )
    return problems


def verify_pvb(pvb, chain, head, file_digest=read_file_sha256):
    """(problems, number of entries) of a PvB's chain and of the records it journaled."""
    sealed = {}
    problems, count = verify_chain(chain, head, sealed)
    return problems + verify_records(pvb, sealed, file_digest), count


def verify(site, file_digest=read_file_sha256, manifest_heads=None, notes=None):
    """Return (number of chains, number of entries, list of problems).

    file_digest(blob): the SHA-256 of an evidence file (read from the blob unless a caller
    already read it, as the backup inventory does). manifest_heads: {chain id: [length,
    hash]} of a backup manifest, which every chain must still pass through. notes, a list,
    receives what is worth knowing but not a problem."""
    from Products.CMFCore.utils import getToolByName

    problems, chains, entries = [], 0, 0
    seen = {}
    names = {}
    site_chain = chain_for(site, create=False)
    if site_chain is not None:
        found, count = verify_chain(site_chain, get_head(site, SITE_CHAIN))
        problems += found
        chains += 1
        entries += count
        seen[SITE_CHAIN] = site_chain
    catalog = getToolByName(site, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="PvB"):
        pvb = brain._unrestrictedGetObject()
        chain = chain_for(pvb, create=False)
        if chain is None:
            continue
        found, count = verify_pvb(pvb, chain, get_head(site, chain.chain_id), file_digest)
        problems += found
        chains += 1
        entries += count
        seen[chain.chain_id] = chain
        names[chain.chain_id] = f"{site_path(pvb)} (chain {chain.chain_id})"
    removed = set()
    for chain_id, value in heads(site).items():
        if chain_id in seen:
            continue
        if read_head(value)["removed"]:
            removed.add(chain_id)
        else:
            problems.append(f"{chain_id}: the site knows this chain but it is gone")
    problems += verify_anchors(site, seen, names, removed, notes)
    if manifest_heads:
        problems += verify_points(manifest_heads, seen, names, removed, "the backup manifest")
    return chains, entries, problems


def verify_anchors(site, chains, names, removed, notes=None):
    notes = [] if notes is None else notes
    path = anchors.anchor_path()
    if path is None:
        notes.append("no journal anchor file configured (PROEVE_JOURNAL_ANCHORS)")
        return []
    if not os.path.exists(path):
        notes.append(f"the journal anchor file {path} does not exist yet")
        return []
    found, more = anchors.check_file(path, chains, anchors.view_tid(site), names, removed)
    notes.extend(more)
    return found


def verify_points(points, chains, names, removed, source):
    """Problems of chains that do not pass through the given heads {chain id: [length, hash]}."""
    problems = []
    for chain_id, (length, head) in sorted(points.items()):
        chain = chains.get(chain_id)
        if chain is None:
            if chain_id not in removed:
                problems.append(f"{chain_id}: {source} knows this chain, but the database not")
            continue
        wrong = anchors.check_point(chain, length, head)
        if wrong:
            problems.append(f"{names.get(chain_id, chain_id)}: {wrong.format(source=source)}")
    return problems


def head_points(site):
    """{chain id: [length, hash]} of every chain, as a backup manifest records them."""
    return {
        chain_id: [read_head(value)["length"], read_head(value)["hash"]]
        for chain_id, value in heads(site).items()
        if not read_head(value)["removed"]
    }
