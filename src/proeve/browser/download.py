"""Downloading evidence is journaled: who fetched which file of which candidate, and when."""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.protect.interfaces import IDisableCSRFProtection
from proeve.journal import record
from zope.interface import alsoProvides


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
        return super().__call__()


class EvidenceDownload(JournaledAccess, Download):
    """@@download of evidence."""


class EvidenceDisplay(JournaledAccess, DisplayFile):
    """@@display-file of evidence (opened in the browser)."""
