"""Local roles computed from data, so they can never drift from it.

- a PvB gives its people (its own fields, the table proeve.people) their role on that PvB;
- a candidate gives its linked login the candidate role on the dossier;
- an archived group or candidate blocks inherited roles (see the content
  classes) and gives only the school's admins their role back.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from proeve.content.utils import find_school
from proeve.content.utils import is_archived
from proeve.people import PEOPLE
from proeve.roles import CANDIDATE
from proeve.roles import FORM_ASSESSOR
from proeve.roles import roster_group_id
from proeve.roles import SCHOOL_ADMIN
from zope.interface import implementer


class _Provider:
    """An adapter made for one check: borg.localrole asks its getRoles for the user and for
    each of the user's groups, so the assignments are computed once per adapter."""

    _computed = None

    def __init__(self, context):
        self.context = context

    def assignments(self):
        """{principal id: set of roles}"""
        raise NotImplementedError

    def _assignments(self):
        if self._computed is None:
            self._computed = self.assignments()
        return self._computed

    def getRoles(self, principal_id):
        return tuple(self._assignments().get(principal_id, ()))

    def getAllRoles(self):
        for principal_id, roles in self._assignments().items():
            yield principal_id, tuple(roles)


@implementer(ILocalRoleProvider)
class PvBPeopleRoles(_Provider):
    def assignments(self):
        if is_archived(self.context):
            return {}
        result = {}
        for person in PEOPLE:
            userid = getattr(self.context, person.field, None)
            if userid:
                result.setdefault(userid, set()).add(person.role)
        return result


@implementer(ILocalRoleProvider)
class CandidateLoginRoles(_Provider):
    def assignments(self):
        userid = getattr(self.context, "userid", None)
        if not userid or is_archived(self.context):
            return {}
        return {userid: {CANDIDATE}}


@implementer(ILocalRoleProvider)
class ArchivedAdminRoles(_Provider):
    def assignments(self):
        if not is_archived(self.context):
            return {}
        school = find_school(self.context)
        if school is None:
            return {}
        return {roster_group_id("Admins", school.UID()): {SCHOOL_ADMIN}}


@implementer(ILocalRoleProvider)
class FormAssessorRoles(_Provider):
    def assignments(self):
        userid = getattr(self.context, "assessor", None)
        if not userid or is_archived(self.context):
            return {}
        return {userid: {FORM_ASSESSOR}}
