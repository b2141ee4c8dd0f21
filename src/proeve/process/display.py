"""Who may change how a page of Proeve is shown: its display (Plone's layout, *Weergave*).

The rolemap gives *Modify view template* to the platform admin alone (a group or PvB shown
as a plain view, for everyone, is a page the school no longer has). Plone's own screens ask
that permission; plone.restapi's PATCH sets `layout` for whoever may edit, so its
deserializer asks this rule first.
"""

from AccessControl import getSecurityManager
from proeve import _
from proeve.process import ProcessError


PERMISSION = "Modify view template"


def check_display(context, entered):
    """Refuse (ProcessError, 403) a change of the display by someone without the
    permission; ``entered`` maps the fields given to their values."""
    if "layout" not in entered:
        return
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
