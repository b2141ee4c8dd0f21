"""Exam records stay: nothing of Proeve's is removed, moved, renamed or copied, by anyone.

The FAQ: the school admin archives personal data, never deletes it; DESIGN: nothing is ever
deleted after vaststelling, and evidence and appointments only exist from then on. So no
role, the platform admin included, removes a school, bank, assignment, group, candidate,
PvB or anything in a PvB. A mistaken group or candidate is archived. The workflows give
nobody `Delete objects` (so no screen offers it); the subscribers below refuse every other
path (ZMI, unrestricted code). Only the removal of the whole site goes through.

A move out of the container is a removal from the record's place. A rename is refused too:
in Zope it takes the object out under its old id and puts it back under a new one, and the
ids (neutral, without names) are the addresses that mails, journals and integrations keep.

A copy of an exam record (group, candidate, PvB and what is in it) would duplicate signed
records: refused. A copy of a bank assignment is left to Plone (a draft is copyable by the
platform admin; an established one is not).

Who may see an exam record follows from data (the school's roster, the PvB's people, the
candidate's login; see proeve.roles): the Sharing page shows it and changes nothing.

Nothing takes a record back or changes it beside the process: ZODB undo is off on every
channel (`refuse_undo`), and WebDAV, when an operator turns it on at all, only reads
(`check_webdav`): no PROPPATCH, LOCK, PUT, MKCOL, MOVE, COPY or DELETE of Proeve's content or
of anything in a PvB.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.base.interfaces import IPloneSiteRoot
from proeve import _
from proeve.interfaces import IArchivable
from proeve.interfaces import IExamAssignment
from proeve.interfaces import IProeveContent
from proeve.interfaces import IPvB
from proeve.interfaces import IPvBPart
from proeve.interfaces import ISchool
from proeve.process import ProcessError
from proeve.process import Refused


NOT_DELETABLE = _(
    "error_not_deletable",
    default="Examengegevens worden nooit verwijderd. Een groep of kandidaat die er niet "
    "(meer) bij hoort, archiveert u.",
)
NOT_MOVABLE = _(
    "error_not_movable",
    default="Examengegevens blijven waar ze zijn: ze worden niet verplaatst of hernoemd.",
)
NOT_COPYABLE = _(
    "error_not_copyable",
    default="Examengegevens worden niet gekopieerd: een kopie zou ondertekende gegevens "
    "verdubbelen.",
)
# What OFS itself refuses (a copy the workflow does not allow, a rename of what cannot move).
COPY_REFUSED = _(
    "error_copy_refused",
    default="Dit kan hier niet gekopieerd, verplaatst of hernoemd worden.",
)
ROLES_FROM_DATA = _(
    "error_roles_from_data",
    default="Wie een examendossier ziet, volgt uit de gegevens: het rooster van de school, "
    "de personen van de PvB en de login van de kandidaat. Wijzig die gegevens; hier "
    "verandert de toegang niet.",
)
UNDO_DISABLED = _(
    "error_undo_disabled",
    default="Ongedaan maken staat uit: examengegevens worden nooit teruggedraaid. Een "
    "correctie is een nieuw, gekoppeld gegeven.",
)
NOT_BY_WEBDAV = _(
    "error_not_by_webdav",
    default="Examengegevens veranderen niet via WebDAV; gebruik de pagina's of de REST-API.",
)
# The WebDAV methods that write (a lock included: it changes the object and blocks others).
WEBDAV_WRITES = frozenset({"PROPPATCH", "LOCK", "UNLOCK", "MKCOL", "PUT", "DELETE", "MOVE", "COPY"})


def in_pvb(obj):
    """Whether obj is a PvB or lies inside one (its parts, the files attached to it)."""
    for item in aq_chain(aq_inner(obj)):
        if IPvB.providedBy(item):
            return True
        if ISchool.providedBy(item):
            return False
    return False


def kept_in_place(obj):
    """Proeve's content and everything in a PvB: never removed, moved or renamed."""
    return IProeveContent.providedBy(obj) or in_pvb(obj)


def exam_record(obj):
    """A group, candidate, PvB or anything in a PvB: never copied, access from data."""
    return IArchivable.providedBy(obj) or IPvBPart.providedBy(obj) or in_pvb(obj)


def check_removable(obj):
    if kept_in_place(obj):
        raise ProcessError("not_deletable", NOT_DELETABLE, status=403)


def check_movable(obj):
    if kept_in_place(obj):
        raise ProcessError("not_movable", NOT_MOVABLE, status=403)


def check_copyable(obj):
    """A school or bank holds records; only a bank assignment is left to Plone."""
    if exam_record(obj) or (kept_in_place(obj) and not IExamAssignment.providedBy(obj)):
        raise ProcessError("not_copyable", NOT_COPYABLE, status=403)


def check_sharing_change(obj):
    """Called only when a change of local roles (or their inheritance) was asked for."""
    if exam_record(obj):
        raise ProcessError("roles_from_data", ROLES_FROM_DATA, status=403)


def refuse_undo():
    """ZODB undo would silently take back a recorded form (and shorten its journal): no
    channel offers it, for any role."""
    raise ProcessError("undo_disabled", UNDO_DISABLED, status=403)


def check_webdav(target, method):
    """target: the object a WebDAV request is for (for a name that does not exist yet, the
    container it would be made in)."""
    if method in WEBDAV_WRITES and kept_in_place(target):
        raise ProcessError("not_by_webdav", NOT_BY_WEBDAV, status=403)


# Subscribers: every path that bypasses the screens and services (ZMI, code).


def _whole_site_goes(event):
    """The site itself is removed (or renamed): everything in it goes along."""
    return IPloneSiteRoot.providedBy(event.object)


def record_will_move(obj, event):
    """IObjectWillBeMovedEvent (and its IObjectWillBeRemovedEvent) of kept content."""
    if event.oldParent is None or _whole_site_goes(event):
        return  # being added; or the site goes as a whole
    try:
        if event.newParent is None:
            check_removable(obj)
        else:
            check_movable(obj)
    except ProcessError as exc:
        raise Refused(exc) from None


def record_copied(obj, event):
    """IObjectCopiedEvent, also for each object inside what was copied."""
    for item in (obj, event.original):
        try:
            check_copyable(item)
        except ProcessError as exc:
            raise Refused(exc) from None
