"""Who sees whom: the one rule behind every channel of the user directory."""

from plone import api
from proeve.process.directory import EVERYONE
from proeve.process.directory import visible_principals
from tests.security import PERSONAS
import pytest


SCHOOL_A_STAFF = {"beheer-vaart", "docent-vaart", "examencie-vaart"}
SCHOOL_B = {"beheer-noorder", "docent-noorder", "student-lotte"}
SANNE_PEOPLE = {"student-sanne", "docent-vaart", "praktijk-jansen", "beoordelaar-1"}

# persona -> (logins they must see, logins they must not see)
EXPECTED = {
    "admin_a": (SCHOOL_A_STAFF | SANNE_PEOPLE | {"student-mo"}, SCHOOL_B),
    "supervisor_a": (SCHOOL_A_STAFF | SANNE_PEOPLE | {"student-mo"}, SCHOOL_B),
    "committee_a": (SCHOOL_A_STAFF | SANNE_PEOPLE | {"student-mo"}, SCHOOL_B),
    "candidate": (SANNE_PEOPLE, {"student-mo", "beheer-vaart", "examencie-vaart"} | SCHOOL_B),
    "other_candidate": ({"student-mo", "docent-vaart"}, {"student-sanne"} | SCHOOL_B),
    "workplace": (SANNE_PEOPLE | {"student-lotte", "docent-noorder"}, {"student-mo"}),
    "assessor": (SANNE_PEOPLE, {"student-mo", "beheer-vaart"} | SCHOOL_B),
    "establisher": (SANNE_PEOPLE, {"student-mo", "beheer-vaart"} | SCHOOL_B),
    "admin_b": (SCHOOL_B | {"praktijk-jansen"}, SCHOOL_A_STAFF | {"student-sanne"}),
    "supervisor_b": (SCHOOL_B | {"praktijk-jansen"}, SCHOOL_A_STAFF | {"student-sanne"}),
    "integration_a": (set(), SCHOOL_A_STAFF | SANNE_PEOPLE | SCHOOL_B),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_a_person_sees_the_people_they_work_with(integration, persona):
    login = PERSONAS[persona]
    with api.env.adopt_user(username=login):
        visible = visible_principals()
    must, must_not = EXPECTED[persona]
    assert login in visible
    assert must <= visible
    assert not (must_not & visible)


def test_platform_admin_and_trusted_code_see_everyone(integration):
    with api.env.adopt_user(username="platformbeheer"):
        assert visible_principals() is EVERYONE
    with api.env.adopt_roles(["Manager"]):
        assert visible_principals() is EVERYONE


def test_anonymous_sees_nobody(integration):
    from AccessControl.SpecialUsers import nobody

    assert visible_principals(nobody) == frozenset()


def test_member_searches_from_code_name_only_visible_people(integration):
    membership = api.portal.get_tool("portal_membership")
    with api.env.adopt_user(username="student-sanne"):
        found = {row["username"] for row in membership.searchMembers("fullname", "")}
        members = {m.getId() for m in membership.searchForMembers(name="")}
    assert "student-sanne" in found
    assert "student-lotte" not in found | members
    assert "student-mo" not in found | members


def test_lock_links_of_plone_pages_stay_urls(functional_portal, request_factory):
    from proeve.demo.users import DEMO_PASSWORD

    s = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD), api=False)
    response = s.get("@@plone_lock_operations/safe_unlock", allow_redirects=False)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_own_name_is_answered_without_the_search_of_all_ones_pvbs(
    integration, persona, monkeypatch
):
    """Plone's toolbar asks for the user's own member info on every page: the answer is
    yes without working out everyone else the user sees (a search of all their PvBs)."""
    from proeve.process import directory

    login = PERSONAS[persona]
    with api.env.adopt_user(username=login):
        user = api.user.get_current()
        membership = api.portal.get_tool("portal_membership")
        monkeypatch.setattr(directory, "_compute", lambda user: pytest.fail("computed"))
        assert directory.may_see(user.getId())
        assert membership.getMemberInfo(user.getId()) is not None
        monkeypatch.undo()
        # Someone else is still asked of the whole rule.
        assert not directory.may_see("beheer-noorder") or persona.endswith("_b")


def test_anonymous_own_name_is_not_seen(integration):
    from AccessControl.SpecialUsers import nobody
    from proeve.process.directory import may_see

    assert not may_see(None, nobody)
    assert not may_see("Anonymous User", nobody)
