"""Demo data: a login for every role, loaded once, never duplicated."""

from pathlib import Path
from plone import api
from proeve.demo import ensure_demo_data
from proeve.demo.users import DEMO_USERS


README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_demo_user_exists(portal):
    for userid, fullname, _role, _school in DEMO_USERS:
        user = api.user.get(userid=userid)
        assert user is not None, userid
        assert user.getProperty("fullname") == fullname


def test_second_run_creates_nothing(portal):
    before = len(api.user.get_users())
    assert ensure_demo_data(portal) == {"users": [], "content": []}
    assert len(api.user.get_users()) == before


def test_only_the_platform_admin_has_a_global_role(portal):
    for userid, *_ in DEMO_USERS:
        roles = set(api.user.get_roles(username=userid)) - {"Authenticated", "Member"}
        expected = {"Manager"} if userid == "platformbeheer" else set()
        assert roles == expected, userid


def test_readme_lists_every_demo_login():
    text = README.read_text(encoding="utf-8")
    for userid, *_ in DEMO_USERS:
        assert f"`{userid}`" in text, f"README misses demo login {userid}"


def test_demo_pvbs_in_every_phase(portal):
    from proeve.journal import verify

    group = portal.scholen["roc-de-vaart"]["mei-2024-25451"]
    phases = {
        cand: api.content.get_state(group[cand]["pvb-demo"])
        for cand in (
            "kandidaat-0001",
            "kandidaat-0003",
            "kandidaat-0004",
            "kandidaat-0005",
            "kandidaat-0006",
        )
    }
    assert phases == {
        "kandidaat-0001": "preparation",
        "kandidaat-0003": "establishment",
        "kandidaat-0004": "execution",
        "kandidaat-0005": "assessment",
        "kandidaat-0006": "closed",
    }
    assert group["kandidaat-0006"]["pvb-demo"].result == "passed"
    assert {o.portal_type for o in group["kandidaat-0004"]["pvb-demo"].objectValues()} == {
        "Evidence",
        "Appointment",
    }
    assert verify(portal)[2] == []
