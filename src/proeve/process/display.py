"""Who may change how a page of Proeve is shown: its display (Plone's layout, *Weergave*).

The rolemap gives *Modify view template* to the platform admin alone (a group or PvB shown
as a plain view, for everyone, is a page the school no longer has). Plone's own screens ask
that permission; plone.restapi's PATCH sets `layout` for whoever may edit, and folder
contents' "set as default page" (@@fc-setDefaultPage) needs only the right to edit, so
both ask this rule first.
"""

from AccessControl import getSecurityManager
from proeve import _
from proeve.process import ProcessError


PERMISSION = "Modify view template"


def check_display(context):
    """Refuse (ProcessError, 403) a change of the display of ``context`` (its layout or
    default page) by someone without the permission."""
    if getSecurityManager().checkPermission(PERMISSION, context):
        return
    raise ProcessError(
        "display_not_allowed",
        _(
            "error_display_not_allowed",
            default="Alleen de platformbeheerder kan wijzigen hoe een pagina wordt getoond.",
        ),
        status=403,
        field="layout",
    )
