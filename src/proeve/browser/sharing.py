"""Plone's Sharing page on Proeve's content.

Who may see an exam record (a group, candidate, PvB or anything in a PvB) follows from data:
the school's roster, the PvB's people and the candidate's login (proeve.roles), and the
archive state blocks the roles of the school. The page shows that access and changes
nothing: saving a change is refused with the reason (proeve.process.records). Elsewhere
(the school, the banks) it is Plone's page.
"""

from Acquisition import aq_base
from plone.app.workflow.browser.sharing import SharingView
from Products.statusmessages.interfaces import IStatusMessage
from proeve.process import ProcessError
from proeve.process.records import check_sharing_change
from proeve.process.records import exam_record
from proeve.roles import WORKPLACE_SUPERVISOR
from proeve.terms import workplace_supervisor_term


class RecordSharingView(SharingView):
    def roles(self):
        """The roles, the workplace supervisor's in the school's own word (proeve.terms)."""
        return [
            dict(role, title=workplace_supervisor_term(self.context, "label"))
            if role["id"] == WORKPLACE_SUPERVISOR
            else role
            for role in super().roles()
        ]

    def can_edit_inherit(self):
        # An archived group or candidate blocks the school's roles: archive or restore it.
        return not exam_record(self.context) and super().can_edit_inherit()

    def handle_form(self):
        try:
            return super().handle_form()
        except ProcessError as exc:
            IStatusMessage(self.request).add(exc.message, type="error")
            return True

    def update_inherit(self, status=True, reindex=True):
        blocked = bool(getattr(aq_base(self.context), "__ac_local_roles_block__", False))
        if blocked != (not status):
            check_sharing_change(self.context)
        return super().update_inherit(status, reindex)

    def update_role_settings(self, new_settings, reindex=True):
        if self._changes_roles(new_settings):
            check_sharing_change(self.context)
        return super().update_role_settings(new_settings, reindex)

    def _changes_roles(self, new_settings):
        """Whether saving these settings would give or take a role here (as Plone decides)."""
        managed = {role["id"] for role in self.roles()}
        for setting in new_settings:
            existing = set(self.context.get_local_roles_for_userid(userid=setting["id"]))
            if existing & managed != set(setting["roles"]):
                return True
        return False
