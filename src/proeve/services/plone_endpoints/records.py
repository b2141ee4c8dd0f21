"""Plone's own endpoints on Proeve's records: DELETE, @move, @copy and @sharing.

plone.restapi does these for any content; on Proeve's records the process refuses them
(proeve.process.records). Here each refusal becomes the project's JSON error with a stable
code, before anything is touched; what Plone itself refuses (a copy the workflow does not
allow) gets a code too, instead of a 500.
"""

from OFS.CopySupport import CopyError
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services.content.delete import ContentDelete
from plone.restapi.services.content.sharing import SharingGet
from plone.restapi.services.content.sharing import SharingPost
from plone.restapi.services.copymove.copymove import Copy
from plone.restapi.services.copymove.copymove import Move
from proeve import _
from proeve.process import ProcessError
from proeve.process.records import check_copyable
from proeve.process.records import check_movable
from proeve.process.records import check_removable
from proeve.process.records import COPY_REFUSED
from proeve.process.records import exam_record
from proeve.services.errors import error
from zExceptions import Unauthorized
from zope.security import checkPermission
import transaction


SHARING_NOT_ALLOWED = _(
    "error_sharing_not_allowed", default="U mag de toegang tot dit examendossier niet inzien."
)


def refused(request, exc):
    """A refusal writes nothing, also when part of the work was done already."""
    transaction.doom()
    result = error(request, exc.status, exc.code, exc.message)
    result["error"].update(exc.details)
    return result


class RecordDelete(ContentDelete):
    """DELETE of Proeve's content and of the files in a PvB: always refused."""

    def reply(self):
        try:
            check_removable(self.context)
        except ProcessError as exc:
            return refused(self.request, exc)
        # A file outside a PvB (an attachment of a bank assignment): Plone's own rules.
        if not checkPermission("zope2.DeleteObjects", self.context):
            raise Unauthorized("You may not delete this object.")
        return super().reply()


class RecordCopyMove:
    """Every source is checked before anything else (wherever it would go)."""

    check = None
    refused_code = None

    def check_sources(self):
        try:
            data = json_body(self.request)
        except DeserializationError:
            return  # plone.restapi answers an unreadable body itself
        sources = data.get("source") if isinstance(data, dict) else None
        for key in sources if isinstance(sources, list) else [sources]:
            obj = self.get_object(key) if isinstance(key, str) else None
            if obj is not None:
                self.check(obj)

    def reply(self):
        try:
            self.check_sources()
            return super().reply()
        except ProcessError as exc:
            return refused(self.request, exc)
        except CopyError:
            # OFS refuses it (the workflow state allows no copy or move here).
            return refused(self.request, ProcessError(self.refused_code, COPY_REFUSED, status=403))


class RecordCopy(RecordCopyMove, Copy):
    check = staticmethod(check_copyable)
    refused_code = "not_copyable"


class RecordMove(RecordCopyMove, Move):
    check = staticmethod(check_movable)
    refused_code = "not_movable"


def sharing_refused(service):
    """Without the right to delegate roles Plone answers 403 without a body."""
    if exam_record(service.context) and not checkPermission("plone.DelegateRoles", service.context):
        return refused(
            service.request, ProcessError("sharing_not_allowed", SHARING_NOT_ALLOWED, status=403)
        )
    return None


class RecordSharingGet(SharingGet):
    def reply(self):
        return sharing_refused(self) or super().reply()


class RecordSharingPost(SharingPost):
    """The sharing view (browser/sharing.py) refuses a change of an exam record's access."""

    def reply(self):
        try:
            return sharing_refused(self) or super().reply()
        except ProcessError as exc:
            return refused(self.request, exc)
