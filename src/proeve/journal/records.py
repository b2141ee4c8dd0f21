"""The SHA-256 of a record's content, journaled with the entry that records it.

A journal entry that records a record (a recorded form, a correction, an approval, an evidence
file, a result) carries ``"record": {"kind", "uid", "sha256"}`` (and ``"role"`` for an
approval). Verification recomputes the hash from the stored object with the same functions,
so a record changed behind the process (a Manager switching off the workflow and versioning
and editing a recorded form) is reported. The newest entry per record holds: a record that
changes through the process (an evidence file replaced) gets a new entry with its new hash.

This module reads the objects as stored; it imports nothing of proeve.process.
"""

from Acquisition import aq_base
from collections.abc import Mapping
from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName
from zope.annotation.interfaces import IAnnotations
import hashlib
import json


# Where proeve.process.approvals keeps the approvals of a PvB (role -> approval).
APPROVALS_KEY = "proeve.approvals"
# Entries that end an approval through the process (the approval is gone, rightly).
APPROVAL_ENDS = {"approval_voided": "role", "approvals_cleared": "roles"}
BLOCK = 1 << 20


def plain(value):
    """Persistent mappings and lists as plain JSON values, so the hash depends on the data
    only, not on the classes that hold it."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def sha256_of(content):
    text = json.dumps(plain(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_file_sha256(blob):
    """The SHA-256 of a stored file, streamed from the blob (never all of it in memory)."""
    digest = hashlib.sha256()
    with blob.open("r") as stream:
        for block in iter(lambda: stream.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


_known_files = {}


def cached_file_sha256(blob):
    """As read_file_sha256, remembered per committed blob revision: a web request that
    verifies a PvB does not read its files again while they are the same revision. (A file
    changed through the database is a new revision; the full check, `make verify-journal`,
    always reads the bytes.)"""
    stored = getattr(aq_base(blob), "_blob", None)
    key = (getattr(stored, "_p_oid", None), getattr(stored, "_p_serial", None))
    if key[0] is None:
        return read_file_sha256(blob)
    if key not in _known_files:
        if len(_known_files) > 10000:
            _known_files.clear()
        _known_files[key] = read_file_sha256(blob)
    return _known_files[key]


def _state(obj):
    workflow = getToolByName(obj, "portal_workflow")
    return workflow.getInfoFor(obj, "review_state", None)


def form_content(form, role=None, file_digest=None):
    """A recorded assessment form: who, the scores with their justifications, what it
    corrects and why, when it was recorded, and that it is recorded."""
    return {
        "assessor": form.assessor,
        "scores": form.scores or {},
        "corrects": getattr(form, "corrects", None),
        "decision": getattr(form, "decision", None),
        "recorded_at": getattr(form, "recorded_at", None),
        "state": _state(form),
    }


def correction_content(form, role=None, file_digest=None):
    """The exam committee's correction as it was decided: for whom, of what, and why."""
    return {
        "assessor": form.assessor,
        "corrects": getattr(form, "corrects", None),
        "decision": getattr(form, "decision", None),
    }


def approval_content(pvb, role, file_digest=None):
    """The signature as stored (who, role, when, the hash of the content signed)."""
    approval = IAnnotations(pvb).get(APPROVALS_KEY, {}).get(role)
    return None if approval is None else dict(approval)


def evidence_content(evidence, role=None, file_digest=None):
    """An evidence file: its name, size and the SHA-256 of its bytes. At journal time the
    digest just taken (evidence.file_sha256); at verification read from the blob."""
    blob = getattr(evidence, "file", None)
    if blob is None:
        return None
    if file_digest is None:
        sha256 = getattr(evidence, "file_sha256", None) or read_file_sha256(blob)
    else:
        sha256 = file_digest(blob)
    return {"filename": blob.filename, "size": blob.getSize(), "sha256": sha256}


def result_content(pvb, role=None, file_digest=None):
    """The established result: the decision, its motivation, by whom and when."""
    return {
        "result": getattr(pvb, "result", None),
        "motivation": getattr(pvb, "result_motivation", None),
        "by": getattr(pvb, "result_by", None),
        "at": getattr(pvb, "result_at", None),
    }


KINDS = {
    "form": form_content,
    "correction": correction_content,
    "approval": approval_content,
    "evidence": evidence_content,
    "result": result_content,
}


def current_sha256(kind, obj, role=None, file_digest=None):
    """The SHA-256 of the record as stored now, or None when there is no such record."""
    content = KINDS[kind](obj, role, file_digest=file_digest)
    return None if content is None else sha256_of(content)


def seal(kind, obj, role=None):
    """The "record" of a journal entry: which record, and the SHA-256 of its content now."""
    sealed = {"kind": kind, "uid": IUUID(obj), "sha256": current_sha256(kind, obj, role)}
    if role is not None:
        sealed["role"] = role
    return sealed


def record_key(sealed):
    return (sealed.get("kind"), sealed.get("uid"), sealed.get("role"))


def ended_records(entry, pvb_uid):
    """The keys of the records an entry rightly ends (a voided or cleared approval)."""
    field = APPROVAL_ENDS.get(entry.get("action"))
    if field is None:
        return []
    roles = (entry.get("details") or {}).get(field)
    roles = roles if isinstance(roles, list | tuple) else [roles]
    return [("approval", pvb_uid, role) for role in roles]
