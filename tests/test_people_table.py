"""The table of a PvB's people (proeve.people) is what the schema, the workflow and the
roles say."""

from pathlib import Path
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.supermodel.interfaces import FIELDSETS_KEY
from proeve.content.pvb import IPvBSchema
from proeve.people import CHANGE_PERMISSION
from proeve.people import CHANGED_BY
from proeve.people import FIELDS
from proeve.people import PEOPLE
from xml.etree import ElementTree


DEFINITION = (
    Path(__file__).resolve().parents[1]
    / "src/proeve/profiles/default/workflows/proeve_pvb_workflow/definition.xml"
)
PLATFORM = {"Manager", "Site Administrator"}


def test_the_schema_has_a_field_per_row():
    [people] = [f for f in IPvBSchema.queryTaggedValue(FIELDSETS_KEY) if f.__name__ == "people"]
    assert tuple(people.fields) == FIELDS
    permissions = IPvBSchema.queryTaggedValue(WRITE_PERMISSIONS_KEY)
    for person in PEOPLE:
        field = IPvBSchema[person.field]
        assert field.title == person.label
        assert field.vocabularyName == f"proeve.roster.{person.pool}"
        assert permissions[person.field] == CHANGE_PERMISSION


def test_who_changes_the_people_in_which_phase_is_the_workflow():
    root = ElementTree.parse(DEFINITION).getroot()
    granted = {
        state.get("state_id"): {
            role.text
            for permission in state.findall("permission-map")
            if permission.get("name") == "proeve: Change PvB people"
            for role in permission.findall("permission-role")
        }
        for state in root.findall("state")
    }
    assert {state: roles - PLATFORM for state, roles in granted.items()} == {
        state: set(roles) for state, roles in CHANGED_BY.items()
    }


def test_each_person_gets_the_role_of_the_table(portal):
    from proeve.roles.localroles import PvBPeopleRoles

    pvb = portal.unrestrictedTraverse("scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo")
    for person in PEOPLE:
        setattr(pvb, person.field, f"someone-{person.field}")
    roles = PvBPeopleRoles(pvb)
    for person in PEOPLE:
        assert roles.getRoles(f"someone-{person.field}") == (person.role,)
