"""Fuzzing of the REST API against the live test server.

test_fuzz: schema-driven (schemathesis, from openapi.json) on Proeve's own endpoints, as
several personas. test_fuzz_every_endpoint: every service registered for the site, a
group, a candidate and a PvB (plone.restapi's too), as the Manager and as a ROC-begeleider,
with fixed bad input (about 1,600 requests each, some 15 s):
JSON nested 20,000 deep (in the query string for GET), malformed JSON, a body that is no
object, every known key of each wrong JSON type, each schema field of content of each
wrong type, query parameters that are no numbers, dates or valid searches.

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
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from proeve.demo.users import DEMO_PASSWORD
from schemathesis.generation import GenerationMode
from tests.security import PERSONAS
from urllib.parse import quote
import json
import os
import pytest
import re
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
    "listUnfinishedEvidenceUploads",
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
    # Help with getting in: the same answer to everyone, whatever exists (throttled).
    "activateCandidateAccount": {"*": EVERYONE},
    "requestPasswordResetByEmail": {"*": EVERYONE},
    "remindUsername": {"*": EVERYONE},
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


# Every endpoint, not only Proeve's: the services registered for the site and for content
# (plone.restapi's and Proeve's), each sent what no client should send. Bounded: one pass
# of fixed cases (about 1,600 requests per persona), no random generation.
SERVICE_NAME = re.compile(r"^(GET|POST|PATCH|PUT|DELETE)_application_json_(.*)$")
FUZZ_CONTEXTS = {"site": "", "group": GROUP, "candidate": SANNE, "pvb": PVBS["preparation"]}
# Binary protocols with their own tests, and the one that runs the site's upgrade steps.
NOT_FUZZED = {"@tus-upload", "@tus-replace", "@upgrade"}
# Services that take what follows their name as a parameter.
EXTRA_SERVICES = {
    "Plone Site": {
        ("GET", "@users/student-sanne"),
        ("PATCH", "@users/student-sanne"),
        ("GET", "@vocabularies/plone.app.vocabularies.Keywords"),
    },
    "PvB": {("POST", "@workflow/approve"), ("GET", "@history/0")},
}
# JSON of another type than a service expects, for any field.
WRONG_TYPES = ({"n": {"m": []}}, ["x", {}], -1, True, "x" * 300)
# Keys that plone.restapi's and Proeve's services read from a body.
BODY_KEYS = (
    "@type",
    "id",
    "title",
    "description",
    "text",
    "file",
    "image",
    "filename",
    "data",
    "login",
    "password",
    "token",
    "email",
    "username",
    "fullname",
    "roles",
    "groups",
    "users",
    "source",
    "target",
    "query",
    "items",
    "ordering",
    "entries",
    "inherit",
    "transition",
    "comment",
    "effective",
    "expires",
    "include_children",
    "b_size",
    "b_start",
    "sort_on",
    "sort_order",
    "sort_limit",
    "limit",
    "metadata_fields",
    "fullobjects",
    "transaction_ids",
    "version",
    "stealable",
    "timeout",
    "relation",
    "operation",
    "path",
    "url",
    "new_password",
    "old_password",
    "reset_token",
    "subject",
    "language",
    "school",
    "student_code",
    "reason",
    "resume_date",
    "content_hash",
    "role",
    "result",
    "motivation",
    "decision",
    "form",
    "group",
    "assignment_uid",
    "scores",
    "criteria",
    "dry_run",
    "rows",
)
# Query strings that are no valid query for any listing.
BAD_QUERIES = (
    "b_size=-1",
    "b_start=abc",
    "sort_limit=x&sort_on=%00&sort_order=sideways",
    "path.depth=abc&depth=abc&limit=abc&version=abc",
    "fullobjects=abc&expand=x,breadcrumbs&expand.navigation.depth=abc"
    "&metadata_fields:list=_all&include_items=abc&SearchableText=a+AND&created.query=abc",
    "query=a&query=b&SearchableText=a&SearchableText=b&path=%00&depth=1&depth=2&id=x&id=y",
)


def registered_services(portal, context):
    """(method, name) of every plone.rest service for this context on a Proeve request."""
    from plone.browserlayer.utils import registered_layers
    from plone.rest.interfaces import IAPIRequest
    from zope.component import getSiteManager
    from zope.component.hooks import setSite
    from zope.interface import alsoProvides
    from zope.interface import Interface
    from zope.interface import providedBy
    from zope.publisher.browser import TestRequest

    setSite(portal)
    request = TestRequest()
    alsoProvides(request, IAPIRequest, *registered_layers())
    lookup = getSiteManager().adapters.lookupAll
    found = set()
    for name, _factory in lookup((providedBy(context), providedBy(request)), Interface):
        match = SERVICE_NAME.match(name)
        if match and match.group(2) not in NOT_FUZZED:
            found.add((match.group(1), match.group(2)))
    return sorted(found | EXTRA_SERVICES.get(context.portal_type, set()))


def schema_fields(context):
    """The fields of the content's schema and behaviours (what a PATCH may send)."""
    from plone.dexterity.utils import iterSchemata
    from zope.schema import getFieldNames

    return sorted({name for schema in iterSchemata(context) for name in getFieldNames(schema)})


def bad_requests(method, name, fields):
    """(label, query string, raw body) of the cases for one service."""
    deep = "[" * 20_000 + "]" * 20_000
    if method == "GET":
        # GET @querystring-search parses its query parameter as JSON.
        yield "nested", "query=" + quote("[" * 5_000 + "]" * 5_000), None
        for query in BAD_QUERIES:
            yield query, query, None
        return
    yield "nested", "", deep
    if method == "DELETE":
        return
    yield "malformed", "", '{"login": '
    yield "no object", "", "[1, 2]"
    for bad in WRONG_TYPES:
        yield f"every key {json.dumps(bad)[:12]}", "", json.dumps(dict.fromkeys(BODY_KEYS, bad))
    if name == "":
        # Content itself: each field of its schema of each wrong type.
        for field in fields:
            for bad in WRONG_TYPES[:3]:
                yield f"{field}={json.dumps(bad)[:12]}", "", json.dumps({field: bad})


# The site's Manager gets past every permission check into the code; a ROC-begeleider of
# the school meets the exam process's own rules on the way.
EVERY_ENDPOINT_LOGINS = {
    "manager": (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
    "supervisor_a": ("docent-vaart", DEMO_PASSWORD),
}


@pytest.mark.slow
@pytest.mark.parametrize("persona", sorted(EVERY_ENDPOINT_LOGINS))
def test_fuzz_every_endpoint(functional_portal, fuzz_report, persona):
    """No 5xx from any registered service of the site, a group, a candidate and a PvB; a
    refusal changes nothing."""
    base_url = f"{functional_portal.absolute_url()}/++api++"
    session = requests.Session()
    session.auth = EVERY_ENDPOINT_LOGINS[persona]
    session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
    ran = {"cases": 0, "2xx": 0, "4xx": 0}
    problems = []
    started = time.monotonic()
    for label, path in FUZZ_CONTEXTS.items():
        context = functional_portal.unrestrictedTraverse(path) if path else functional_portal
        fields = schema_fields(context) if path else []
        for method, name in registered_services(functional_portal, context):
            url = "/".join(part for part in (base_url, path, name) if part)
            for case, query, body in bad_requests(method, name, fields):
                before = state(functional_portal)
                response = session.request(
                    method, f"{url}?{query}" if query else url, data=body, timeout=60
                )
                ran["cases"] += 1
                status = response.status_code
                where = f"{persona} {method} {label}/{name} [{case}] → {status}"
                if status >= 500:
                    problems.append(f"{where}: {response.text[:200]}")
                elif status < 300:
                    ran["2xx"] += 1
                elif status >= 400:
                    ran["4xx"] += 1
                    if state(functional_portal) != before:
                        problems.append(f"{where}: refused, but something changed")
    elapsed = time.monotonic() - started
    fuzz_report.append((f"all/{persona}", ran["cases"], ran["2xx"], ran["4xx"], elapsed))
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert ran["cases"] > 1000
