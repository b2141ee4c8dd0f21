"""PvB people are local roles computed from the PvB's fields."""

from Products.CMFCore.indexing import processQueue
from proeve.demo.users import DEMO_PASSWORD
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import pytest


MO = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002"
MO_PVB = f"{MO}/pvb-demo"


@pytest.fixture
def as_user(request_factory):
    def make(login):
        return request_factory(basic_auth=(login, DEMO_PASSWORD))

    return make


def can_see(session, path, uid):
    by_url = session.get(path).status_code == 200
    found = session.get("@search", params={"UID": uid}).json()["items_total"] == 1
    assert by_url == found, "URL and search disagree"
    return by_url


def test_changing_the_assessor_changes_who_sees_the_pvb(functional_portal, as_user):
    uid = functional_portal.unrestrictedTraverse(MO_PVB).UID()
    old, new = as_user("beoordelaar-2"), as_user("beoordelaar-1")
    assert can_see(old, MO_PVB, uid) is True
    assert can_see(new, MO_PVB, uid) is False

    response = as_user("docent-vaart").patch(MO_PVB, json={"assessor_1": "beoordelaar-1"})
    assert response.status_code == 204, response.text

    assert can_see(old, MO_PVB, uid) is False
    assert can_see(new, MO_PVB, uid) is True


def test_a_person_outside_the_roster_pool_is_refused(functional_portal, as_user):
    supervisor = as_user("docent-vaart")
    for outsider in ("beheer-noorder", "student-mo", "no-such-user"):
        response = supervisor.patch(MO_PVB, json={"assessor_1": outsider})
        assert response.status_code == 400, outsider
        assert "assessor_1" in response.text
    assert supervisor.get(MO_PVB).json()["assessor_1"]["token"] == "beoordelaar-2"


def test_a_people_change_reindexes_only_that_pvb(portal, monkeypatch):
    pvb = portal.unrestrictedTraverse(MO_PVB)
    processQueue()
    from Products.CMFPlone.CatalogTool import CatalogTool

    reindexed = []
    original = CatalogTool.catalog_object

    def spy(self, obj, uid=None, *args, **kwargs):
        reindexed.append(uid or "/".join(obj.getPhysicalPath()))
        return original(self, obj, uid, *args, **kwargs)

    monkeypatch.setattr(CatalogTool, "catalog_object", spy)
    pvb.assessor_1 = "beoordelaar-1"
    notify(ObjectModifiedEvent(pvb))
    processQueue()
    pvb_path = "/".join(pvb.getPhysicalPath())
    assert reindexed, "the security of the PvB was not reindexed"
    assert all(path.startswith(pvb_path) for path in reindexed), reindexed


def test_other_edits_do_not_touch_security(portal, monkeypatch):
    pvb = portal.unrestrictedTraverse(MO_PVB)
    processQueue()
    calls = []
    from proeve.content.pvb import PvB

    monkeypatch.setattr(PvB, "reindexObjectSecurity", lambda self, *a: calls.append(a))
    pvb.exam_location = "Elders"
    notify(ObjectModifiedEvent(pvb))
    assert calls == []
    pvb.assessor_2 = "beoordelaar-1"
    notify(ObjectModifiedEvent(pvb))
    assert len(calls) == 1


def test_roles_follow_the_fields(portal):
    pvb = portal.unrestrictedTraverse(MO_PVB)
    roles = dict(portal.acl_users._getAllLocalRoles(pvb))
    assert "Assessor" in roles["beoordelaar-2"]
    assert "SchoolSupervisor" in roles["docent-vaart"]
    assert "ExamCandidate" in roles["student-mo"]
    pvb.assessor_1 = None
    assert "beoordelaar-2" not in dict(portal.acl_users._getAllLocalRoles(pvb))
