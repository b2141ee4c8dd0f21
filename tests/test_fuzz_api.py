"""Schema-driven fuzzing of Proeve's own endpoints (schemathesis, from openapi.json) against
the live test server, as several personas.

For every case: no 5xx; no 2xx where the persona lacks the right (RIGHTS below); and a
4xx changes nothing (catalog, modification dates, workflow states, journal heads, users).
The number of cases per persona is printed at the end of the pytest run.
"""

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import settings
from hypothesis import strategies as st
from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
from schemathesis.generation import GenerationMode
from tests.security import PERSONAS
import json
import os
import pytest
import requests
import schemathesis
import time
import transaction


SPEC = Path(__file__).resolve().parents[1] / "src/proeve/openapi.json"
# Cases per persona; PROEVE_FUZZ_EXAMPLES raises it for a longer run.
EXAMPLES = int(os.environ.get("PROEVE_FUZZ_EXAMPLES", "300"))

# A candidate, a ROC-begeleider and the koppeling of De Vaart, Noorderlicht's school admin,
# and nobody logged in; every target below is in De Vaart.
FUZZ_PERSONAS = {
    persona: PERSONAS[persona]
    for persona in ("candidate", "supervisor_a", "integration_a", "admin_b", "anonymous")
}

SCHOOL = "roc-de-vaart"
GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
# The demo PvBs of De Vaart in four phases.
PVBS = {
    "preparation": f"{SANNE}/pvb-demo",
    "execution": f"{GROUP}/kandidaat-0004/pvb-demo",
    "assessment": f"{GROUP}/kandidaat-0005/pvb-demo",
    "closed": f"{GROUP}/kandidaat-0006/pvb-demo",
}
EVERYONE = set(FUZZ_PERSONAS)
# Login throttling is tested on its own: fuzzing @login would lock the test client out.
# The TUS upload protocol (binary bodies, headers only) has its own tests, also for refusals
# and limits, in tests/test_evidence_upload.py.
SKIPPED = {
    "login",
    "evidenceUploadOptions",
    "createEvidenceUpload",
    "evidenceUploadOffset",
    "sendEvidenceChunk",
}

# operationId -> which personas may ever get a 2xx, per target (a phase for a PvB, "*" for
# the one target of other endpoints). Everything not listed: nobody of these personas.
RIGHTS = {
    "getDossier": {"preparation": {"candidate", "supervisor_a"}, "*": {"supervisor_a"}},
    "getJournal": {"*": {"supervisor_a"}},
    "approvePvB": {"preparation": {"candidate", "supervisor_a"}},
    "changePeople": {"preparation": {"supervisor_a"}},
    "replaceAssignment": {"preparation": {"supervisor_a"}},
    "pausePvB": {"execution": {"supervisor_a"}},
    "getSchoolRoster": {"*": {"supervisor_a"}},
    "schoolResults": {"*": {"integration_a"}},
    "importCandidates": {"*": {"supervisor_a", "integration_a"}},
    "bulkCreatePvBs": {"*": {"supervisor_a"}},
    "myTasks": {"*": EVERYONE - {"anonymous"}},
    "openapi": {"*": EVERYONE},
    "registerCandidate": {"*": EVERYONE},
}


def may_succeed(operation_id, target, persona):
    rights = RIGHTS.get(operation_id, {})
    return persona in rights.get(target, rights.get("*", set()))


def targets(operation):
    """(target name, fixed path parameters) for an operation."""
    names = {p["name"] for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"}
    if "pvb" in names:
        return [(phase, {"pvb": path}) for phase, path in PVBS.items()]
    if "group" in names:
        return [("*", {"group": GROUP})]
    if "candidate" in names:
        return [("*", {"candidate": SANNE})]
    if "school" in names:
        return [("*", {"school": SCHOOL})]
    return [("*", {})]


def cases(schema):
    """One strategy for all operations and targets, positive and negative data."""
    strategies = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operation_id = operation.definition.raw.get("operationId")
        if operation_id in SKIPPED:
            continue
        for target, path_parameters in targets(operation):
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategies.append(
                    st.tuples(
                        st.just(operation_id),
                        st.just(target),
                        operation.as_strategy(
                            generation_mode=mode, path_parameters=path_parameters
                        ),
                    )
                )
    return st.one_of(strategies)


def state(portal):
    """What a refused request must leave as it was."""
    from proeve.journal.store import heads

    transaction.begin()
    catalog = portal.portal_catalog
    objects = {
        brain.getPath(): (brain.modified, brain.review_state)
        for brain in catalog.unrestrictedSearchResults(path="/".join(portal.getPhysicalPath()))
    }
    return {
        "objects": objects,
        # Copies: a head is a persistent mapping that changes in place.
        "journal": dict(heads(portal).items()),
        "users": len(portal.acl_users.source_users.getUserIds()),
    }


def session_for(base_url, login):
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    if login is not None:
        # Integrations use a JWT; so do the personas here.
        response = session.post(
            f"{base_url}/@login", json={"login": login, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        session.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return session


@pytest.fixture(scope="module")
def schema():
    return schemathesis.openapi.from_dict(json.loads(SPEC.read_text(encoding="utf-8")))


@pytest.mark.slow
@pytest.mark.parametrize("persona", sorted(FUZZ_PERSONAS))
def test_fuzz(functional_portal, schema, persona, fuzz_report):
    base_url = f"{functional_portal.absolute_url()}/++api++"
    session = session_for(base_url, FUZZ_PERSONAS[persona])
    ran = {"cases": 0, "2xx": 0, "4xx": 0}
    problems = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("PROEVE_FUZZ_RANDOM"),
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(schema))
    def run(drawn):
        operation_id, target, case = drawn
        before = state(functional_portal)
        response = case.call(base_url=base_url, session=session, timeout=60)
        ran["cases"] += 1
        status = response.status_code
        where = f"{persona} {case.method} {case.formatted_path} [{target}] → {status}"
        if status >= 500:
            problems.append(f"{where}: server error\n{case.as_curl_command(base_url=base_url)}")
        elif status < 300:
            ran["2xx"] += 1
            if not may_succeed(operation_id, target, persona):
                problems.append(f"{where}: succeeded without the right\n{response.text[:300]}")
        elif status >= 400:
            ran["4xx"] += 1
            if state(functional_portal) != before:
                problems.append(f"{where}: refused, but something changed")

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    fuzz_report.append((persona, ran["cases"], ran["2xx"], ran["4xx"], elapsed))
    assert problems == [], "\n".join(problems[:10])
    assert ran["cases"] >= EXAMPLES // 2


def test_the_snapshot_sees_a_change(functional_portal):
    """The 'nothing changed' check is not vacuous: an import shows in it."""
    import base64

    base_url = f"{functional_portal.absolute_url()}/++api++"
    session = session_for(base_url, "koppeling-vaart")
    before = state(functional_portal)
    data = base64.b64encode(b"studentcode;voornaam;achternaam\n730001;Pim;Pol\n").decode()
    response = session.post(
        f"{base_url}/{GROUP}/@import-candidates", json={"file": data, "filename": "k.csv"}
    )
    assert response.status_code == 201, response.text
    after = state(functional_portal)
    assert after["objects"] != before["objects"]
    assert after["journal"] != before["journal"]
