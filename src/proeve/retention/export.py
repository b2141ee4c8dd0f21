"""Dossier export for the archive or a student's access request: one .zip, verifiable offline.

The zip is written to a temporary file on disk (evidence can be hundreds of MB) and
streamed from there; nothing is held in memory.
"""

from datetime import datetime
from datetime import UTC
from html import escape
from pathlib import Path
from proeve.journal import record
from proeve.journal.store import chain_for
from proeve.people import label as person_label
from proeve.process.approvals import approver_label
from proeve.process.assessment import describe
from proeve.process.assessment import forms
from proeve.process.assignment_files import frozen_files
from proeve.process.dossier import build_dossier
from proeve.terms import in_dutch
import hashlib
import json
import re
import tempfile
import zipfile


VERIFIER = Path(__file__).with_name("verify_dossier.py")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name):
    return SAFE.sub("_", name or "bestand").strip("._") or "bestand"


class Writer:
    def __init__(self, archive):
        self.archive = archive
        self.files = {}

    def bytes(self, name, data):
        self.archive.writestr(name, data)
        self.files[name] = hashlib.sha256(data).hexdigest()

    def json(self, name, data):
        self.bytes(name, json.dumps(data, indent=2, ensure_ascii=False, default=str).encode())

    def blob(self, name, blob):
        digest = hashlib.sha256()
        with blob.open() as source, self.archive.open(name, "w") as target:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                target.write(chunk)
        self.files[name] = digest.hexdigest()


def summary_html(dossier, pvb):
    """The dossier's summary for a reader without Proeve (in Dutch, in the words of the
    PvB's school)."""
    rows = "".join(
        f"<tr><th>{escape(in_dutch(person_label(k, pvb), pvb))}</th>"
        f"<td>{escape(str((v or {}).get('fullname', '—')))}</td></tr>"
        for k, v in dossier["people"].items()
    )

    def approver(role):
        return escape(in_dutch(approver_label(role, pvb), pvb))

    approvals = "".join(
        f"<li>{approver(a['role'])}: {escape(a['userid'])}, {escape(a['time'])} "
        f"(sha256 {escape(a['hash'][:16])}…)</li>"
        for a in dossier["approvals"]
    )
    result = dossier.get("result") or {}
    dates = f"Start {dossier['start_date']}, gewenste einddatum {dossier['end_date']}."
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{escape(dossier["title"])}</title></head>
<body>
<h1>{escape(dossier["title"])}</h1>
<p>Fase: {escape(dossier["phase"])}. Examenlocatie: {escape(str(dossier["exam_location"] or "—"))}.
{escape(dates)}</p>
<h2>Betrokkenen</h2><table>{rows}</table>
<h2>Akkoorden</h2><ul>{approvals or "<li>geen</li>"}</ul>
<h2>Resultaat</h2><p>{escape(str(result.get("result") or "nog niet vastgesteld"))}
{escape(str(result.get("motivation") or ""))}</p>
<p>Bewijsstukken: {len(dossier["evidence"])}; beoordelingsformulieren: {len(dossier["forms"])}.
Het journaal staat in journal.json; manifest.json bevat de SHA-256 van elk bestand.</p>
</body></html>
"""


def candidates_of(context):
    if context.portal_type == "Candidate":
        return [context]
    return [o for o in context.objectValues() if o.portal_type == "Candidate"]


def export(context, request):
    """Write the export of a candidate or a group; return (open temp file, manifest sha256)."""
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)  # noqa: SIM115
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = Writer(archive)
        for candidate in candidates_of(context):
            base = candidate.getId()
            writer.json(
                f"{base}/candidate.json",
                {
                    "name": candidate.Title(),
                    "student_code": candidate.student_code,
                    "email": candidate.email,
                    "login": candidate.userid,
                    "diploma_date": getattr(candidate, "diploma_date", None),
                },
            )
            for pvb in candidate.objectValues():
                if pvb.portal_type != "PvB":
                    continue
                prefix = f"{base}/{pvb.getId()}"
                dossier = build_dossier(pvb, request)
                writer.json(f"{prefix}/dossier.json", dossier)
                writer.bytes(f"{prefix}/summary.html", summary_html(dossier, pvb).encode())
                chain = chain_for(pvb, create=False)
                writer.json(f"{prefix}/journal.json", [dict(e) for e in chain] if chain else [])
                for form in forms(pvb):
                    writer.json(f"{prefix}/forms/{form.getId()}.json", describe(form))
                # The PvB's copies of its frozen assignment's files (signed with it).
                for file_id, blob in frozen_files(pvb).items():
                    name = f"{prefix}/assignment-files/{file_id}-{safe_name(blob.filename)}"
                    writer.blob(name, blob)
                for obj in pvb.objectValues():
                    blob = getattr(obj, "file", None)
                    if obj.portal_type in ("Evidence", "File") and blob is not None:
                        folder = "evidence" if obj.portal_type == "Evidence" else "attachments"
                        name = f"{prefix}/{folder}/{obj.getId()}-{safe_name(blob.filename)}"
                        writer.blob(name, blob)
        manifest = json.dumps(
            {
                "created": datetime.now(UTC).isoformat(),
                "source": context.absolute_url(),
                "algorithm": "sha256",
                "files": writer.files,
            },
            indent=2,
            sort_keys=True,
        ).encode()
        archive.writestr("manifest.json", manifest)
        archive.write(VERIFIER, "verify_dossier.py")
    handle.close()
    manifest_hash = hashlib.sha256(manifest).hexdigest()
    record(
        context,
        "dossier_exported",
        {"manifest_sha256": manifest_hash, "files": len(writer.files)},
    )
    return handle.name, manifest_hash
