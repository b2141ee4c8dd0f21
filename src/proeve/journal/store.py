"""Writing journal entries."""

from AccessControl import getSecurityManager
from Acquisition import aq_chain
from Acquisition import aq_inner
from BTrees.IOBTree import IOBTree
from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import UTC
from persistent import Persistent
from plone.uuid.interfaces import IUUID
from proeve.interfaces import IPvB
from proeve.journal import anchors
from proeve.journal.roles import acting_role
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import getSite
import hashlib
import json


KEY = "proeve.journal"
HEADS_KEY = "proeve.journal.heads"
SITE_CHAIN = "site"
GENESIS = "0" * 64


class Chain(Persistent):
    """One hash chain: sequence number -> entry (a plain dict, never changed)."""

    def __init__(self, chain_id):
        self.chain_id = chain_id
        self.entries = IOBTree()
        self.length = 0
        self.last_hash = GENESIS

    def append(self, entry):
        entry = dict(entry, seq=self.length, chain=self.chain_id, prev=self.last_hash)
        entry["hash"] = entry_hash(entry)
        self.entries[self.length] = entry
        self.length += 1
        self.last_hash = entry["hash"]
        return entry

    def __iter__(self):
        return iter(self.entries.values())


def canonical(entry):
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(entry):
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


def find_pvb(context):
    for obj in aq_chain(aq_inner(context)):
        if IPvB.providedBy(obj):
            return obj
    return None


def chain_for(obj, create=True):
    annotations = IAnnotations(obj)
    chain = annotations.get(KEY)
    if chain is None and create:
        chain_id = IUUID(obj, None) if IPvB.providedBy(obj) else SITE_CHAIN
        chain = annotations[KEY] = Chain(chain_id)
    return chain


def heads(site):
    """chain id -> head, as head_value() writes it (read it with read_head())."""
    annotations = IAnnotations(site)
    if HEADS_KEY not in annotations:
        annotations[HEADS_KEY] = OOBTree()
    return annotations[HEADS_KEY]


def head_value(length, last_hash, removed=False):
    # removed: the chain of a PvB removed before its vaststelling, which Proeve allowed
    # until profile version 1007; verification does not expect such a chain to exist.
    # A tuple, not a dict: ZODB resolves two commits that change the heads of different
    # PvBs in the same bucket only for values it can compare, so parallel work on the
    # PvBs of a group no longer conflicts here.
    return (length, last_hash, True) if removed else (length, last_hash)


def read_head(value):
    """{"length", "hash", "removed"} of a stored head (tuples; dicts before upgrade 1004)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {
            "length": value["length"],
            "hash": value["hash"],
            "removed": bool(value.get("removed")),
        }
    return {"length": value[0], "hash": value[1], "removed": len(value) > 2 and bool(value[2])}


def get_head(site, chain_id):
    return read_head(heads(site).get(chain_id))


def current_actor():
    user = getSecurityManager().getUser()
    return user.getId() if user is not None else None


def record(context, action, details=None, actor=None, role=None, sealed=None):
    """Append an entry to the chain of the PvB that holds context (or the site's).

    Every entry says who (actor), in what role (given by a caller that knows it, such as
    an approval; otherwise derived by journal.roles) and when (UTC). sealed: the record
    this entry records, with the SHA-256 of its content (journal.records.seal).
    """
    site = getSite()
    pvb = find_pvb(context) if context is not None else None
    owner = pvb if pvb is not None else site
    chain = chain_for(owner)
    actor = actor or current_actor()
    entry = {
        "time": datetime.now(UTC).isoformat(),
        "actor": actor,
        "role": role or acting_role(context, actor, action),
        "action": action,
        "object": "/".join(context.getPhysicalPath()) if context is not None else None,
        "details": details or {},
    }
    if sealed is not None:
        entry["record"] = sealed
    entry = chain.append(entry)
    heads(site)[chain.chain_id] = head_value(chain.length, chain.last_hash)
    anchors.remember(chain)
    return entry
