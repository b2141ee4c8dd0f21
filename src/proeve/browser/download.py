"""Downloading evidence is journaled: who fetched which file of which candidate, and when."""

from plone.namedfile.browser import Download
from plone.protect.interfaces import IDisableCSRFProtection
from proeve.journal import record
from zope.interface import alsoProvides


class EvidenceDownload(Download):
    def __call__(self):
        # The only write of this GET is the journal entry itself.
        alsoProvides(self.request, IDisableCSRFProtection)
        blob = self._getFile()
        record(
            self.context,
            "evidence_downloaded",
            {
                "filename": getattr(blob, "filename", None),
                "range": self.request.getHeader("Range"),
            },
        )
        return super().__call__()
