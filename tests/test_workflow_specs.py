"""Each workflow's definition.xml says exactly what the spec.md beside it says."""

from pathlib import Path
from tests.security import ACTION_PERMISSIONS
from tests.security import ROLE_CODES
from xml.etree import ElementTree
import pytest


WORKFLOWS = Path(__file__).resolve().parents[1] / "src/proeve/profiles/default/workflows"
NAMES = sorted(p.name for p in WORKFLOWS.iterdir() if p.is_dir())


def read_spec(path):
    """{state: {action: set of roles}} and the transitions from a spec.md."""
    states, transitions = {}, {}
    state, columns = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## State `"):
            state = line.split("`")[1]
            states[state] = {}
            columns = None
        elif line.startswith("## Transitions"):
            state = "transitions"
        elif line.startswith("|") and state == "transitions":
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells[0].startswith("`"):
                tid = cells[0].split("`")[1]
                transitions[tid] = (cells[1].strip("`"), cells[2].strip("`"), cells[3])
        elif line.startswith("|") and state:
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells[0] == "action":
                columns = cells[1:]
            elif columns and not cells[0].startswith("---"):
                states[state][cells[0]] = {
                    ROLE_CODES[code] for code, mark in zip(columns, cells[1:], strict=True) if mark
                }
    return states, transitions


def read_definition(path):
    root = ElementTree.parse(path).getroot()
    states = {}
    for state in root.findall("state"):
        states[state.get("state_id")] = {
            pm.get("name"): {r.text for r in pm.findall("permission-role")}
            for pm in state.findall("permission-map")
        }
        for pm in state.findall("permission-map"):
            assert pm.get("acquired") == "False", (state.get("state_id"), pm.get("name"))
    transitions = {}
    for tr in root.findall("transition"):
        source = [
            s.get("state_id")
            for s in root.findall("state")
            if tr.get("transition_id")
            in {e.get("transition_id") for e in s.findall("exit-transition")}
        ]
        guard = tr.find("guard/guard-permission")
        transitions[tr.get("transition_id")] = (
            source[0] if source else None,
            tr.get("new_state"),
            guard.text if guard is not None else "",
        )
    return states, transitions


@pytest.mark.parametrize("name", NAMES)
def test_definition_matches_spec(name):
    spec_states, spec_transitions = read_spec(WORKFLOWS / name / "spec.md")
    def_states, def_transitions = read_definition(WORKFLOWS / name / "definition.xml")
    assert set(spec_states) == set(def_states)
    for state, actions in spec_states.items():
        expected = {}
        for action, roles in actions.items():
            for permission in ACTION_PERMISSIONS[action]:
                expected[permission] = roles
        managed = {p: r for p, r in def_states[state].items() if p in expected}
        assert managed == expected, f"{name} / {state}"
        unspecified = set(def_states[state]) - set(expected)
        assert unspecified == set(), f"{name} / {state}: not in spec.md: {unspecified}"
    assert spec_transitions == def_transitions


def test_every_workflow_has_a_spec():
    for name in NAMES:
        assert (WORKFLOWS / name / "spec.md").exists(), name
