"""Downloading evidence is journaled: who fetched which file of which candidate, and when."""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.namedfile.utils import filestream_range_iterator
from plone.protect.interfaces import IDisableCSRFProtection
from proeve.journal import record
from zope.interface import alsoProvides
from ZPublisher.Iterators import filestream_iterator


def evidence_sha256(evidence, blob):
    """The digest kept at upload; computed once for evidence from before it was kept."""
    known = getattr(evidence, "file_sha256", None)
    if known is None and blob is not None:
        from proeve.process.approvals import file_sha256

        known = file_sha256(blob)
    return known


class JournaledAccess:
    """Who opened which evidence file, and when: written to the PvB's journal."""

    def __call__(self):
        # The only write of this GET is the journal entry itself.
        alsoProvides(self.request, IDisableCSRFProtection)
        blob = self._getFile()
        record(
            self.context,
            "evidence_downloaded",
            {
                "filename": getattr(blob, "filename", None),
                "sha256": evidence_sha256(self.context, blob),
                "view": self.__name__,
                "range": self.request.getHeader("Range"),
            },
        )
        # Never let a browser guess a type: an uploaded file is shown as what it claims.
        self.request.response.setHeader("X-Content-Type-Options", "nosniff")
        return as_file(super().__call__())


def as_file(body):
    """A whole committed blob as a real file (Zope's filestream_iterator), which waitress
    sends straight from the file. plone.namedfile's range iterator is no file object: waitress
    pulls it 32 KiB at a time through its output buffer, which spills into a temporary file
    past 1 MiB, so every byte of a download was written to disk once more. Ranges keep it."""
    opened = getattr(body, "_io", None)
    if not isinstance(body, filestream_range_iterator) or opened is None:
        return body
    if body.start or body.end is not None:
        return body
    name = opened.name
    body.close()
    return filestream_iterator(name, "rb")


class EvidenceDownload(JournaledAccess, Download):
    """@@download of evidence."""


class EvidenceDisplay(JournaledAccess, DisplayFile):
    """@@display-file of evidence (opened in the browser)."""
