"""Downloading evidence is journaled: who fetched which file of which candidate, and when."""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.protect.interfaces import IDisableCSRFProtection
from proeve.journal import record
from zope.interface import alsoProvides


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
