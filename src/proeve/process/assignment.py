"""Replacing the assignment of a PvB: one rule for every path (the @replace-assignment
endpoint, the edit form and a plain REST PATCH of ``assignment_uid``)."""

from proeve import _
from proeve.content.snapshot import freeze_assignment
from proeve.content.utils import review_state
from proeve.journal import record
from proeve.process import ProcessError
from zope.schema.interfaces import ValidationError


def replace_assignment(pvb, uid):
    """Freeze the assignment ``uid`` into the PvB in place of its old copy, and journal it.

    Only in the preparation, and only an assignment the PvB may be made from; otherwise a
    ProcessError and nothing changes. The caller notifies the change, which voids the
    approvals given on the old copy (they signed its hash)."""
    from proeve.content.pvb import IPvBSchema

    if review_state(pvb) != "preparation":
        raise ProcessError(
            "not_in_preparation",
            _(
                "error_not_in_preparation",
                default="De opdracht kan alleen in de voorbereiding worden vervangen.",
            ),
            status=409,
        )
    try:
        IPvBSchema["assignment_uid"].bind(pvb).validate(uid)
    except ValidationError:
        raise ProcessError(
            "unknown_assignment",
            _(
                "error_unknown_assignment",
                default="Deze examenopdracht bestaat niet in de landelijke examenbank of "
                "de opdrachtenbank van de school.",
            ),
        ) from None
    old = (pvb.assignment_snapshot or {}).get("title")
    pvb.assignment_uid = uid
    pvb.assignment_snapshot = freeze_assignment(uid)
    record(pvb, "assignment_replaced", {"from": old, "to": pvb.assignment_snapshot["title"]})
    # The title comes from the copy; the catalog search of the freeze indexed the old one.
    pvb.reindexObject()


def follow_assignment(pvb):
    """After a change of ``assignment_uid`` by any other path (edit form, REST PATCH): the
    same step as @replace-assignment, or a ProcessError when that step is not allowed."""
    frozen = (pvb.assignment_snapshot or {}).get("uid")
    if frozen and pvb.assignment_uid != frozen:
        replace_assignment(pvb, pvb.assignment_uid)
