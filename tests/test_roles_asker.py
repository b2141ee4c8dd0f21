"""The dossier answers its permission questions from the user's roles on the PvB, looked
up once (process.checks.roles_asker): every answer equals Zope's checkPermission, for every
demo login, on every PvB of the demo site, for the PvB and each object in it, also when a
group is archived (its candidates' roles are blocked, only the school admins get theirs
back)."""

from AccessControl.SecurityManagement import getSecurityManager
from plone import api
from proeve.demo.users import DEMO_USERS
from proeve.process.checks import roles_asker


PERMISSIONS = (
    "View",
    "Modify portal content",
    "proeve: Change PvB people",
    "proeve: Establish PvB",
    "proeve: View journal",
    "proeve: Establish result",
    "proeve: Approve PvB",
    "proeve: Add Evidence",
)


def disagreements(portal):
    pvbs = [
        brain._unrestrictedGetObject()
        for brain in portal.portal_catalog.unrestrictedSearchResults(portal_type="PvB")
    ]
    assert len(pvbs) >= 5
    found = []
    for userid, *_rest in DEMO_USERS:
        with api.env.adopt_user(username=userid):
            check = getSecurityManager().checkPermission
            for pvb in pvbs:
                allowed = roles_asker(pvb)
                for obj in [pvb, *pvb.objectValues()]:
                    for permission in PERMISSIONS:
                        expected = bool(check(permission, obj))
                        if allowed(permission, obj) != expected:
                            found.append((userid, obj.absolute_url_path(), permission))
    return found


def test_roles_asker_answers_as_check_permission(portal):
    assert disagreements(portal) == []


def test_roles_asker_answers_as_check_permission_in_an_archived_group(portal):
    group = portal.unrestrictedTraverse("scholen/roc-de-vaart/mei-2024-25451")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=group, transition="archive")
    assert disagreements(portal) == []
