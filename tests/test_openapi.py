"""src/proeve/openapi.json describes exactly the REST services Proeve registers: every
success body and every refusal, and the bodies the services send match it."""

from jsonschema import Draft202012Validator
from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
from xml.etree import ElementTree
import base64
import json
import pytest
import transaction


ROOT = Path(__file__).resolve().parents[1]
SERVICES = ROOT / "src/proeve/services"
SPEC = json.loads((ROOT / "src/proeve/openapi.json").read_text(encoding="utf-8"))
PLONE = "{http://namespaces.plone.org/plone}"


# Plone's own endpoints (add, edit, @workflow, DELETE, @copy, @move, @sharing) on Proeve content:
# docs/api.md describes them; openapi.json describes the endpoints Proeve adds.
PLONE_ENDPOINTS = "plone_endpoints"


def registered():
    found = set()
    for zcml in SERVICES.glob("*/configure.zcml"):
        if zcml.parent.name == PLONE_ENDPOINTS:
            continue
        for service in ElementTree.parse(zcml).getroot().iter(f"{PLONE}service"):
            # Without a name: plone.restapi's own content endpoint, made stricter for one
            # type (docs/api.md), not an endpoint of Proeve's.
            if service.get("name"):
                found.add((service.get("name"), service.get("method").lower()))
    return found


def documented():
    assert SPEC["openapi"].startswith("3.1")
    found = set()
    for path, operations in SPEC["paths"].items():
        # The service is the last @-segment (/{pvb}/@tus-upload/{upload} is @tus-upload).
        name = [segment for segment in path.split("/") if segment.startswith("@")][-1]
        for method in operations:
            if method != "parameters":  # shared by the operations of a path
                found.add((name, method))
    return found


def test_openapi_lists_every_service_and_nothing_else():
    assert registered() == documented()


def test_every_service_folder_is_registered():
    folders = {p.name for p in SERVICES.iterdir() if p.is_dir() and p.name != "__pycache__"}
    included = ElementTree.parse(SERVICES / "configure.zcml").getroot()
    names = {
        i.get("package").lstrip(".")
        for i in included.iter("{http://namespaces.zope.org/zope}include")
    }
    assert folders == names


def test_the_site_serves_the_document(request_factory):
    response = request_factory(role="Anonymous").get("@openapi")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"][0]["url"].endswith("/++api++")
    assert "/{pvb}/@approve" in spec["paths"]


def operations():
    for path, methods in SPEC["paths"].items():
        for method, operation in methods.items():
            if method != "parameters":
                yield path, method, operation


def resolved(response):
    """A response, or the shared one it refers to (#/components/responses/...)."""
    if "$ref" in response:
        return SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def body_schema(response):
    return resolved(response).get("content", {}).get("application/json", {}).get("schema")


def bodiless(method, status, response):
    """An answer without a body: 204, HEAD and OPTIONS, or one that answers in its headers
    (the TUS upload)."""
    return status == "204" or method in ("head", "options") or "headers" in response


def test_every_operation_describes_its_success_body():
    missing = []
    for path, method, operation in operations():
        successes = {s: r for s, r in operation["responses"].items() if s.startswith("2")}
        assert successes, f"{method} {path}: no success response"
        missing += [
            f"{method} {path} {status}"
            for status, response in successes.items()
            if not bodiless(method, status, response) and not body_schema(response)
        ]
    assert missing == []


def test_every_refusal_has_the_error_schema():
    error = {"$ref": "#/components/schemas/Error"}
    wrong = [
        f"{method} {path} {status}"
        for path, method, operation in operations()
        for status, response in operation["responses"].items()
        if status.startswith("4") and method != "head" and body_schema(response) != error
    ]
    assert wrong == []


def test_the_schemas_are_valid_json_schema():
    for schema in SPEC["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for _path, _method, operation in operations():
        for response in operation["responses"].values():
            if body_schema(response):
                Draft202012Validator.check_schema(body_schema(response))


# -- Real answers against the document --------------------------------------------------

SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"


def candidate(number):
    return f"{GROUP}/kandidaat-000{number}"


def pvb(number):
    """The demo PvBs: 1 in preparation, 4 in execution, 5 in assessment, 6 closed."""
    return f"{candidate(number)}/pvb-demo"


def conforms(response, path, method):
    """The answer is a documented success and its body matches the documented schema."""
    status = str(response.status_code)
    documented = SPEC["paths"][path][method]["responses"]
    assert status.startswith("2"), response.text
    assert status in documented, f"{method} {path}: {status} is not documented"
    schema = body_schema(documented[status])
    # The spec's components beside the schema, so that its $refs resolve.
    Draft202012Validator({**schema, "components": SPEC["components"]}).validate(response.json())
    return response.json()


@pytest.fixture
def as_user(request_factory):
    def session(login=None):
        return request_factory(basic_auth=(login, DEMO_PASSWORD)) if login else request_factory()

    return session


def test_answers_about_the_school_match_the_document(functional_portal, as_user):
    admin = as_user("beheer-vaart")
    conforms(as_user().get("@openapi"), "/@openapi", "get")
    login = {"login": "beheer-vaart", "password": DEMO_PASSWORD}
    conforms(as_user().post("@login", json=login), "/@login", "post")
    account = {
        "username": "nieuw",
        "email": "nieuw@example.org",
        "fullname": "Nieuw",
        "groups": ["Assessors"],
        "password": "een-sterk-wachtwoord",
    }
    for _ in ("created", "already there"):
        conforms(
            admin.post(f"{SCHOOL}/@school-accounts", json=account),
            "/scholen/{school}/@school-accounts",
            "post",
        )
    conforms(admin.get(f"{SCHOOL}/@school-roster"), "/scholen/{school}/@school-roster", "get")
    conforms(
        admin.get(f"{SCHOOL}/@retention-report", params={"today": "2040-01-01"}),
        "/scholen/{school}/@retention-report",
        "get",
    )
    conforms(admin.get(f"{candidate(1)}/@access-report"), "/{candidate}/@access-report", "get")
    rows = b"studentcode;voornaam;achternaam;e-mail\n300001;Noor;Nieuw;noor@example.org\n"
    for dry_run in (True, False):
        conforms(
            admin.post(
                f"{GROUP}/@import-candidates",
                json={
                    "file": base64.b64encode(rows).decode(),
                    "filename": "kandidaten.csv",
                    "dry_run": dry_run,
                },
            ),
            "/{group}/@import-candidates",
            "post",
        )
    activation = {"student_code": "300001", "email": "noor@example.org"}
    conforms(as_user().post("@proeve-activation", json=activation), "/@proeve-activation", "post")
    conforms(as_user("docent-vaart").get("@my-tasks"), "/@my-tasks", "get")
    conforms(
        as_user("koppeling-vaart").get(f"{SCHOOL}/@school-results"),
        "/scholen/{school}/@school-results",
        "get",
    )
    conforms(as_user("platformbeheer").get("@journal-verify"), "/@journal-verify", "get")


def test_answers_about_a_pvb_match_the_document(functional_portal, as_user):
    supervisor = as_user("docent-vaart")
    dossier = conforms(supervisor.get(f"{pvb(1)}/@dossier"), "/{pvb}/@dossier", "get")
    conforms(
        supervisor.post(f"{pvb(1)}/@approve", json={"content_hash": dossier["content_hash"]}),
        "/{pvb}/@approve",
        "post",
    )
    conforms(as_user("examencie-vaart").get(f"{pvb(1)}/@journal"), "/{pvb}/@journal", "get")
    # The school's own assignment for the group's crebo.
    other = functional_portal.scholen["roc-de-vaart"].opdrachtenbank["meterkast-vervangen"].UID()
    conforms(
        supervisor.post(f"{pvb(1)}/@replace-assignment", json={"assignment_uid": other}),
        "/{pvb}/@replace-assignment",
        "post",
    )
    for closed in (pvb(4), pvb(5), pvb(6)):  # with evidence, forms and a result
        conforms(as_user("platformbeheer").get(f"{closed}/@dossier"), "/{pvb}/@dossier", "get")
    conforms(
        supervisor.post(f"{pvb(4)}/@pause", json={"reason": "ziek", "resume_date": "2027-03-01"}),
        "/{pvb}/@pause",
        "post",
    )
    people = {k: v for k, v in dossier["people"].items() if v}
    settings = {name: person["userid"] for name, person in people.items()}
    conforms(
        supervisor.post(
            f"{GROUP}/@bulk-pvb",
            json={"assignment_uid": other, "dry_run": True, **settings},
        ),
        "/{group}/@bulk-pvb",
        "post",
    )
    transaction.begin()
    group_uid = functional_portal.unrestrictedTraverse(GROUP).UID()
    conforms(
        as_user("vaststeller-vaart").post(
            "@establish-group", json={"group": group_uid, "assignment_uid": other}
        ),
        "/@establish-group",
        "post",
    )


def test_answers_about_an_assessment_match_the_document(functional_portal, as_user):
    assessor, committee = as_user("beoordelaar-1"), as_user("examencie-vaart")
    form = conforms(assessor.get(f"{pvb(5)}/@assessment"), "/{pvb}/@assessment", "get")
    conforms(assessor.post(f"{pvb(5)}/@assessment"), "/{pvb}/@assessment", "post")
    correction = conforms(
        committee.post(
            f"{pvb(5)}/@assessment-correction",
            json={"form": form["@id"].rsplit("/", 1)[1], "decision": "Besluit EC 2027-031"},
        ),
        "/{pvb}/@assessment-correction",
        "post",
    )
    assert correction["corrects"]
    conforms(
        assessor.patch(f"{pvb(5)}/@assessment", json={"scores": form["scores"]}),
        "/{pvb}/@assessment",
        "patch",
    )
    conforms(
        assessor.post(f"{pvb(5)}/@record-assessment", json={"confirm_incomplete": True}),
        "/{pvb}/@record-assessment",
        "post",
    )
    # The second assessor's draft (demo) is recorded too; then the committee decides.
    second = as_user("beoordelaar-2").post(
        f"{pvb(5)}/@record-assessment", json={"confirm_incomplete": True}
    )
    assert second.status_code == 200, second.text
    conforms(
        committee.post(
            f"{pvb(5)}/@establish-result", json={"result": "failed", "motivation": "W2-3"}
        ),
        "/{pvb}/@establish-result",
        "post",
    )


def test_every_field_of_the_dossier_and_journal_is_documented(functional_portal, as_user):
    """A field added to an answer is added to the document too (the schemas allow more)."""
    schemas = SPEC["components"]["schemas"]
    committee = as_user("examencie-vaart")
    dossier = committee.get(f"{pvb(6)}/@dossier").json()
    assert set(dossier) - set(schemas["Dossier"]["properties"]) == set()
    items = committee.get(f"{pvb(6)}/@journal").json()["items"]
    assert items
    assert {key for item in items for key in item} - set(
        schemas["JournalEntry"]["properties"]
    ) == set()
