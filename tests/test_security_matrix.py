"""Who may do what: every persona x every content type x view / search / edit / add / delete.

The table below is the specification; the workflows and roles must produce exactly it.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import nobody
from Acquisition import aq_parent
from contextlib import contextmanager
from pathlib import Path
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from tests.security import ACTION_PERMISSIONS
from tests.security import PERSONAS
from xml.etree import ElementTree
import pytest


PROFILE = Path(__file__).resolve().parents[1] / "src/proeve/profiles/default"

STAFF_A = {"platform", "admin_a", "supervisor_a", "committee_a"}
BANK_READERS = STAFF_A | {"admin_b", "supervisor_b"}
PVB_PEOPLE = STAFF_A | {"candidate", "workplace", "assessor", "establisher"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}
PLATFORM = {"platform"}
EDITORS_A = {"platform", "admin_a", "supervisor_a"}
NOBODY = set()


def row(view, edit, add, delete, search=None):
    """Who may view, edit, add and delete; search finds what one may view, unless given."""
    search = view if search is None else search
    return {"view": view, "search": search, "edit": edit, "add": add, "delete": delete}


MATRIX = {
    # Nothing is ever deleted, by anyone (issue 17): the delete column is empty throughout.
    "schools_folder": row(LOGGED_IN, PLATFORM, PLATFORM, NOBODY),
    "school": row(STAFF_A, {"platform", "admin_a"}, PLATFORM, NOBODY),
    "national_bank": row(BANK_READERS, PLATFORM, PLATFORM, NOBODY),
    "school_bank": row(STAFF_A, {"platform", "admin_a"}, PLATFORM, NOBODY),
    # Both demo assignments are vastgesteld: read, never changed (a new one is written).
    "national_assignment": row(BANK_READERS, NOBODY, PLATFORM, NOBODY),
    "school_assignment": row(STAFF_A, NOBODY, EDITORS_A, NOBODY),
    "group": row(STAFF_A, EDITORS_A, {"platform", "admin_a"}, NOBODY),
    "candidate": row(STAFF_A | {"candidate"}, EDITORS_A, EDITORS_A, NOBODY),
    "pvb": row(PVB_PEOPLE, EDITORS_A, EDITORS_A, NOBODY),
    # Inside a PvB in preparation (the demo PvB's phase).
    "evidence": row(PVB_PEOPLE, EDITORS_A, NOBODY, NOBODY),
    # An attachment of the assignment: part of what the PvB's people approve, so all of them
    # read it; the candidate may add one only where the school allows it (a subscriber).
    "attachment": row(
        PVB_PEOPLE, EDITORS_A, {"platform", "admin_a", "supervisor_a", "candidate"}, NOBODY
    ),
    "appointment": row(
        PVB_PEOPLE,
        EDITORS_A | {"candidate"},
        {"platform", "supervisor_a", "candidate"},
        NOBODY,
    ),
    # A draft form: the assessors, school admin and exam committee see it; only its own
    # assessor (beoordelaar-1) changes it. No search finds it, for anyone: a form is read
    # through its PvB (its catalog entry is its place and type only, issue 22).
    "assessment_form": row(
        {"platform", "admin_a", "committee_a", "assessor"},
        {"assessor"},
        NOBODY,
        NOBODY,
        search=NOBODY,
    ),
    "supplementary": row(PVB_PEOPLE, EDITORS_A, NOBODY, NOBODY),
}

ADD_PERMISSION = {
    "schools_folder": "proeve: Add School",  # the root folder: only the platform adds it
    "school": "proeve: Add School",
    "national_bank": "proeve: Add ExamBank",
    "school_bank": "proeve: Add ExamBank",
    "national_assignment": "proeve: Add ExamAssignment",
    "school_assignment": "proeve: Add ExamAssignment",
    "group": "proeve: Add ExamGroup",
    "candidate": "proeve: Add Candidate",
    "pvb": "proeve: Add PvB",
    "evidence": "proeve: Add Evidence",
    "attachment": "plone.app.contenttypes: Add File",
    "appointment": "proeve: Add Appointment",
    "assessment_form": "proeve: Add AssessmentForm",
    "supplementary": "proeve: Add SupplementaryAssignment",
}


def objects(portal):
    """The demo objects (plus parts created in Sanne's PvB) by matrix key."""
    school = portal.scholen["roc-de-vaart"]
    group = school["mei-2024-25451"]
    candidate = group["kandidaat-0001"]
    pvb = candidate["pvb-demo"]
    parts = {
        "evidence": ("Evidence", {"file": NamedBlobFile(b"photo", filename="foto.jpg")}),
        "attachment": ("File", {"file": NamedBlobFile(b"%PDF", filename="tekening.pdf")}),
        "appointment": ("Appointment", {}),
        "assessment_form": ("AssessmentForm", {"assessor": "beoordelaar-1"}),
        "supplementary": ("SupplementaryAssignment", {}),
    }
    found = {
        "schools_folder": portal.scholen,
        "school": school,
        "national_bank": portal.examenbank,
        "school_bank": school["opdrachtenbank"],
        "national_assignment": portal.examenbank["eerste-monteur-installatie-woning"],
        "school_assignment": school["opdrachtenbank"]["meterkast-vervangen"],
        "group": group,
        "candidate": candidate,
        "pvb": pvb,
    }
    for key, (type_name, fields) in parts.items():
        if key in pvb.objectIds():
            continue
        # The ROC-begeleider adds the attachments (a subscriber checks who adds them).
        adopt = (
            api.env.adopt_user(username="docent-vaart")
            if key == "attachment"
            else api.env.adopt_roles(["Manager"])
        )
        with adopt:
            createContentInContainer(
                pvb, type_name, checkConstraints=False, id=key, title=key, **fields
            )
    for key in parts:
        found[key] = pvb[key]
    return found


@contextmanager
def as_persona(persona):
    old = getSecurityManager()
    try:
        if PERSONAS[persona] is None:
            newSecurityManager(None, nobody)
            yield
        else:
            with api.env.adopt_user(username=PERSONAS[persona]):
                yield
    finally:
        setSecurityManager(old)


def allowed(key, obj, action):
    check = getSecurityManager().checkPermission
    parent = aq_parent(obj)
    if action == "view":
        return bool(check("View", obj))
    if action == "search":
        return len(api.content.find(UID=obj.UID())) == 1
    if action == "edit":
        return bool(check("Modify portal content", obj))
    if action == "add":
        return bool(check("Add portal content", parent) and check(ADD_PERMISSION[key], parent))
    if action == "delete":
        return bool(check("Delete objects", obj) and check("Delete objects", parent))
    raise AssertionError(action)


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_matrix(portal, key):
    obj = objects(portal)[key]
    wrong = []
    for persona in PERSONAS:
        with as_persona(persona):
            for action, expected in MATRIX[key].items():
                got = allowed(key, obj, action)
                if got != (persona in expected):
                    wrong.append(f"{persona} {action}: {got}")
    assert wrong == [], f"{key}: {wrong}"


def profile_permissions():
    found = set()
    for definition in PROFILE.glob("workflows/*/definition.xml"):
        root = ElementTree.parse(definition).getroot()
        found |= {p.text for p in root.findall("permission")}
        found |= {g.text for g in root.iter("guard-permission")}
    rolemap = ElementTree.parse(PROFILE / "rolemap.xml").getroot()
    found |= {p.get("name") for p in rolemap.iter("permission")}
    return found


def test_every_profile_permission_is_classified():
    classified = {p for perms in ACTION_PERMISSIONS.values() for p in perms}
    assert profile_permissions() - classified == set()


def test_proeve_roles_are_never_global(portal):
    from proeve.roles import PROEVE_ROLES

    role_manager = portal.acl_users.portal_role_manager
    for role in PROEVE_ROLES:
        assert role_manager.listAssignedPrincipals(role) == [], role


def test_proeve_roles_are_on_the_sharing_page_for_the_platform_admin(portal):
    from proeve.roles import PROEVE_ROLES

    school = portal.scholen["roc-de-vaart"]
    with as_persona("platform"):
        view = api.content.get_view("sharing", school, portal.REQUEST)
        ids = {r["id"] for r in view.roles()}
    assert set(PROEVE_ROLES) <= ids
    with as_persona("admin_a"):
        assert not api.user.has_permission("Sharing page: Delegate roles", obj=school)
