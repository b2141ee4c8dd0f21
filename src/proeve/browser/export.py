"""GET @@dossier-export on a candidate or an exam group: the .zip, streamed from disk."""

from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from proeve.retention.export import export
from zope.interface import alsoProvides
from zope.interface import implementer
from ZPublisher.Iterators import IStreamIterator
import os


@implementer(IStreamIterator)
class UnlinkedFileIterator:
    """Streams an already unlinked temporary file; the disk space goes when it closes."""

    def __init__(self, path, size):
        self.file = open(path, "rb")  # noqa: SIM115 - closed by the publisher or at exhaustion
        os.unlink(path)
        self.size = size

    def __iter__(self):
        return self

    def __next__(self):
        data = self.file.read(1 << 16)
        if not data:
            self.file.close()
            raise StopIteration
        return data

    def __len__(self):
        return self.size

    def close(self):
        self.file.close()


class DossierExport(BrowserView):
    def __call__(self):
        # The only write of this GET is the journal entry of the export.
        alsoProvides(self.request, IDisableCSRFProtection)
        path, manifest_hash = export(self.context, self.request)
        size = os.path.getsize(path)
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="dossier-{self.context.getId()}.zip"'
        )
        response.setHeader("Content-Length", str(size))
        response.setHeader("X-Manifest-SHA256", manifest_hash)
        return UnlinkedFileIterator(path, size)
