"""One error form everywhere (issue 17, rule 10).

Every refusal of the REST API on a Proeve site answers
``{"error": {"type", "code", "message", "field"?}}`` with the documented status: a stable code
and a message in the language of the request (Dutch or English), whatever refused it: a
Proeve service, the process, a field validator, an event subscriber, Zope's security or
plone.restapi's own add, edit and @workflow services.
"""

from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
import base64
import copy
import json
import jsonschema
import pytest
import transaction


SPEC = json.loads(
    (Path(__file__).resolve().parents[1] / "src/proeve/openapi.json").read_text(encoding="utf-8")
)
ERROR_SCHEMA = SPEC["components"]["schemas"]["Error"]

SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"


def candidate(number):
    return f"{GROUP}/kandidaat-000{number}"


def pvb(number):
    """The demo PvBs: 1 and 2 in preparation, 3 ter vaststelling, 4 in execution, 5 in
    assessment, 6 closed."""
    return f"{candidate(number)}/pvb-demo"


LANGUAGES = ("nl", "en")
TUS = {"Tus-Resumable": "1.0.0"}
NOT_JSON = {"data": "[1", "headers": {"Content-Type": "application/json"}}
ATTACHMENT = {
    "@type": "File",
    "title": "Eigen bijlage",
    "file": {
        "data": base64.b64encode(b"%PDF-1.4 bijlage").decode(),
        "encoding": "base64",
        "filename": "eigen.pdf",
        "content-type": "application/pdf",
    },
}
# Student code of kandidaat-0002, in the same school as kandidaat-0001.
TAKEN_CODE = "100232"
NEW_CANDIDATE = {"@type": "Candidate", "first_name": "Fenna", "last_name": "Visser"}


def call(request_factory, login, method, path, lang, **kwargs):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD)) if login else request_factory()
    headers = {**kwargs.pop("headers", {}), "Accept-Language": lang}
    return getattr(session, method)(path, headers=headers, **kwargs)


def error_of(response, status, code):
    """The error of a refusal, checked against the documented form."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, ERROR_SCHEMA)
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["code"] == code, error
    assert error["type"]
    assert error["message"].strip()
    assert "${" not in error["message"], error["message"]
    assert isinstance(error.get("field", ""), str)
    return error


def refused_in_both_languages(request_factory, login, method, path, status, code, **kwargs):
    """The same refusal asked in Dutch and in English: {language: error}."""
    errors = {
        lang: error_of(
            call(request_factory, login, method, path, lang, **copy.deepcopy(kwargs)),
            status,
            code,
        )
        for lang in LANGUAGES
    }
    assert errors["nl"]["message"] != errors["en"]["message"], "message not translated"
    assert errors["nl"].get("field") == errors["en"].get("field")
    return errors


def contents(portal, path):
    transaction.begin()
    return portal.unrestrictedTraverse(path).objectIds()


# -- The refusals the issue names --------------------------------------------------------


def test_a_refused_attachment_has_a_code_and_a_translated_message(
    functional_portal, request_factory
):
    before = contents(functional_portal, pvb(1))
    errors = refused_in_both_languages(
        request_factory,
        "student-sanne",
        "post",
        pvb(1),
        403,
        "attachments_not_allowed",
        json=ATTACHMENT,
    )
    assert errors["nl"]["message"] == (
        "Bij deze school voegen alleen docenten bijlagen toe aan de opdracht."
    )
    assert (
        errors["en"]["message"] == "At this school only teachers add attachments to the assignment."
    )
    assert contents(functional_portal, pvb(1)) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", GROUP, {**NEW_CANDIDATE, "student_code": TAKEN_CODE}),
        ("patch", candidate(1), {"student_code": TAKEN_CODE}),
    ],
    ids=["add", "edit"],
)
def test_a_taken_student_code_is_a_field_error(request_factory, method, path, body):
    errors = refused_in_both_languages(
        request_factory, "beheer-vaart", method, path, 400, "invalid_field", json=body
    )
    assert errors["nl"]["field"] == "student_code"
    assert errors["nl"]["message"] == f"Studentcode {TAKEN_CODE} bestaat al in deze school."
    assert errors["en"]["message"] == f"Student code {TAKEN_CODE} already exists in this school."
    assert errors["en"]["errors"] == [{"field": "student_code", "message": errors["en"]["message"]}]


def test_every_field_error_is_listed(request_factory):
    errors = refused_in_both_languages(
        request_factory,
        "beheer-vaart",
        "post",
        GROUP,
        400,
        "invalid_field",
        json={"@type": "Candidate", "student_code": "geen code!", "first_name": "Fenna"},
    )
    fields = [e["field"] for e in errors["nl"]["errors"]]
    assert sorted(fields) == ["last_name", "student_code"]
    assert errors["nl"]["field"] in fields


@pytest.mark.parametrize(
    ("login", "path", "transition", "code", "dutch", "english"),
    [
        (
            "docent-vaart",
            pvb(1),
            "establish",
            "transition_refused",
            "De stap 'Vaststellen' bestaat niet in deze fase.",
            "The step 'Establish' does not exist in this phase.",
        ),
        (
            "docent-vaart",
            pvb(1),
            "submit",
            "approval_missing",
            "Het akkoord van Kandidaat ontbreekt nog.",
            "The approval of Candidate is still missing.",
        ),
        (
            "docent-vaart",
            pvb(3),
            "establish",
            "transition_refused",
            "U mag de stap 'Vaststellen' hier niet zetten.",
            "You may not take the step 'Establish' here.",
        ),
        (
            "docent-vaart",
            pvb(1),
            "nonsense",
            "transition_refused",
            "De stap 'nonsense' bestaat niet in deze fase.",
            "The step 'nonsense' does not exist in this phase.",
        ),
    ],
    ids=["other-phase", "no-approvals", "not-yours", "unknown"],
)
def test_a_refused_transition_says_why(
    request_factory, login, path, transition, code, dutch, english
):
    """Not Plone's "No workflow provides the '${action_id}' action."."""
    errors = refused_in_both_languages(
        request_factory, login, "post", f"{path}/@workflow/{transition}", 400, code
    )
    assert errors["nl"]["message"] == dutch
    assert errors["en"]["message"] == english
    assert errors["en"]["reasons"][0] == english


@pytest.mark.parametrize(
    ("login", "path", "status", "code", "dutch"),
    [
        (
            "docent-vaart",
            pvb(3),
            409,
            "not_in_preparation",
            "De opdracht kan alleen in de voorbereiding worden vervangen.",
        ),
        (
            "student-sanne",
            pvb(1),
            403,
            "forbidden",
            "U kunt de opdracht van deze PvB niet vervangen.",
        ),
    ],
    ids=["after-the-preparation", "not-yours"],
)
def test_replacing_an_assignment_answers_the_documented_status(
    functional_portal, request_factory, login, path, status, code, dutch
):
    other = functional_portal.examenbank["service-monteur-storing"].UID()
    errors = refused_in_both_languages(
        request_factory,
        login,
        "post",
        f"{path}/@replace-assignment",
        status,
        code,
        json={"assignment_uid": other},
    )
    assert errors["nl"]["message"] == dutch
    transaction.begin()
    frozen = functional_portal.unrestrictedTraverse(path).assignment_snapshot
    assert frozen["uid"] != other


@pytest.mark.parametrize(
    ("login", "path", "service", "body", "status", "code"),
    [
        ("docent-vaart", pvb(1), "@pause", {"reason": "ziek"}, 409, "not_in_execution"),
        ("student-eline", pvb(4), "@pause", {"reason": "ziek"}, 403, "forbidden"),
        ("examencie-vaart", pvb(1), "@assessment-correction", {}, 409, "not_in_assessment"),
        ("docent-vaart", pvb(5), "@assessment-correction", {}, 403, "forbidden"),
    ],
    ids=["pause-other-phase", "pause-not-yours", "correction-other-phase", "correction-not-yours"],
)
def test_a_step_of_one_phase_answers_the_documented_status(
    request_factory, login, path, service, body, status, code
):
    """docs/api.md: 409 in another phase, for those who take the step in its own phase."""
    refused_in_both_languages(
        request_factory, login, "post", f"{path}/{service}", status, code, json=body
    )


# -- Every endpoint: its refusals in the form ---------------------------------------------

# (login, method, path, request arguments, status, code)
REFUSALS = {
    # Proeve's own services
    "activation": (
        None,
        "post",
        "@proeve-activation",
        {"json": {"email": "a@b.nl"}},
        400,
        "missing_student_code",
    ),
    "password-reset": (None, "post", "@proeve-password-reset", {"json": {}}, 400, "invalid_email"),
    "username-reminder": (
        None,
        "post",
        "@proeve-username-reminder",
        {"json": {"email": 3}},
        400,
        "invalid_email",
    ),
    "school-accounts": (
        "beheer-vaart",
        "post",
        f"{SCHOOL}/@school-accounts",
        {"json": {"username": "nieuw", "email": "a@b.nl", "fullname": "N", "candidate": "x"}},
        400,
        "unknown_candidate",
    ),
    "school-accounts-no-right": (
        "docent-vaart",
        "post",
        f"{SCHOOL}/@school-accounts",
        {"json": {}},
        401,
        "unauthorized",
    ),
    "school-roster-anonymous": (None, "get", f"{SCHOOL}/@school-roster", {}, 401, "unauthorized"),
    "school-roster-patch": (
        "beheer-vaart",
        "patch",
        f"{SCHOOL}/@school-roster",
        {"json": {"userid": "niemand"}},
        400,
        "not_on_roster",
    ),
    "approve-changed": (
        "docent-vaart",
        "post",
        f"{pvb(1)}/@approve",
        {"json": {"content_hash": "0" * 64}},
        409,
        "content_changed",
    ),
    "approve-not-json": (
        "docent-vaart",
        "post",
        f"{pvb(1)}/@approve",
        NOT_JSON,
        400,
        "invalid_body",
    ),
    "people": (
        "beheer-vaart",
        "patch",
        f"{pvb(1)}/@people",
        {"json": {"x": 1}},
        400,
        "invalid_fields",
    ),
    "people-no-right": (
        "student-sanne",
        "patch",
        f"{pvb(1)}/@people",
        {"json": {"assessor_1": "beoordelaar-1"}},
        401,
        "unauthorized",
    ),
    "assessment-get": ("beoordelaar-1", "get", f"{pvb(1)}/@assessment", {}, 404, "no_form"),
    "assessment-patch": (
        "beoordelaar-1",
        "patch",
        f"{pvb(5)}/@assessment",
        {"json": {"scores": {}}},
        403,
        "form_locked",
    ),
    "record-assessment": (
        "beoordelaar-1",
        "post",
        f"{pvb(5)}/@record-assessment",
        {"json": {}},
        409,
        "already_recorded",
    ),
    "establish-result": (
        "examencie-vaart",
        "post",
        f"{pvb(5)}/@establish-result",
        {"json": {"result": "misschien"}},
        400,
        "invalid_result",
    ),
    "dossier-other-school": (
        "beheer-noorder",
        "get",
        f"{pvb(1)}/@dossier",
        {},
        401,
        "unauthorized",
    ),
    "journal-no-right": ("student-sanne", "get", f"{pvb(1)}/@journal", {}, 401, "unauthorized"),
    "journal-verify": ("docent-vaart", "get", "@journal-verify", {}, 401, "unauthorized"),
    "pause-no-reason": (
        "docent-vaart",
        "post",
        f"{pvb(4)}/@pause",
        {"json": {}},
        400,
        "reason_required",
    ),
    "replace-unknown": (
        "docent-vaart",
        "post",
        f"{pvb(1)}/@replace-assignment",
        {"json": {"assignment_uid": "onbekend"}},
        400,
        "unknown_assignment",
    ),
    "correction": (
        "examencie-vaart",
        "post",
        f"{pvb(5)}/@assessment-correction",
        {"json": {"form": "onbekend"}},
        400,
        "not_correctable",
    ),
    "retention-report": (
        "beheer-vaart",
        "get",
        f"{SCHOOL}/@retention-report",
        {"params": {"today": "morgen"}},
        400,
        "invalid_date",
    ),
    "pseudonymise": (
        "beheer-vaart",
        "post",
        f"{candidate(1)}/@pseudonymise",
        {"json": {}},
        400,
        "decision_required",
    ),
    "access-report": (
        "docent-vaart",
        "get",
        f"{candidate(1)}/@access-report",
        {},
        401,
        "unauthorized",
    ),
    "import-candidates": (
        "docent-vaart",
        "post",
        f"{GROUP}/@import-candidates",
        {"json": {}},
        400,
        "no_file",
    ),
    "bulk-pvb-candidates": (
        "docent-vaart",
        "post",
        f"{GROUP}/@bulk-pvb",
        {"json": {"candidates": 5}},
        400,
        "invalid_settings",
    ),
    "bulk-pvb-date": (
        "docent-vaart",
        "post",
        f"{GROUP}/@bulk-pvb",
        {"json": {"start_date": "morgen"}},
        400,
        "invalid_date",
    ),
    "establish-group": (
        "docent-vaart",
        "post",
        "@establish-group",
        {"json": {"group": "x"}},
        400,
        "not_established",
    ),
    "login": (
        None,
        "post",
        "@login",
        {"json": {"login": "x", "password": "y"}},
        401,
        "invalid_credentials",
    ),
    "login-missing": (None, "post", "@login", {"json": {}}, 400, "missing_credentials"),
    "login-not-json": (None, "post", "@login", NOT_JSON, 400, "invalid_body"),
    "my-tasks": (None, "get", "@my-tasks", {}, 401, "unauthorized"),
    "school-results": (
        "koppeling-vaart",
        "get",
        f"{SCHOOL}/@school-results",
        {"params": {"since": "gisteren"}},
        400,
        "invalid_date",
    ),
    "school-results-no-right": (
        "docent-vaart",
        "get",
        f"{SCHOOL}/@school-results",
        {},
        401,
        "unauthorized",
    ),
    # Resumable uploads (HEAD answers carry no body)
    "tus-closed": (
        "student-sanne",
        "post",
        f"{pvb(1)}/@tus-upload",
        {"headers": {**TUS, "Upload-Length": "5"}},
        409,
        "evidence_closed",
    ),
    "tus-version": (
        "student-eline",
        "post",
        f"{pvb(4)}/@tus-upload",
        {"headers": {"Upload-Length": "5"}},
        412,
        "tus_version",
    ),
    "tus-too-big": (
        "student-eline",
        "post",
        f"{pvb(4)}/@tus-upload",
        {"headers": {**TUS, "Upload-Length": str(10**12)}},
        413,
        "evidence_too_big",
    ),
    "tus-unknown-upload": (
        "student-eline",
        "patch",
        f"{pvb(4)}/@tus-upload/onbekend",
        {
            "headers": {
                **TUS,
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
            },
            "data": "x",
        },
        404,
        "upload_not_found",
    ),
    "tus-anonymous": (
        None,
        "post",
        f"{pvb(4)}/@tus-upload",
        {"headers": {**TUS, "Upload-Length": "5"}},
        401,
        "unauthorized",
    ),
    # plone.restapi's own endpoints on Proeve content
    "workflow-missing": (
        "docent-vaart",
        "post",
        f"{pvb(1)}/@workflow",
        {},
        400,
        "transition_refused",
    ),
    "workflow-anonymous": (None, "post", f"{pvb(1)}/@workflow/submit", {}, 401, "unauthorized"),
    "add-not-allowed-here": (
        "beheer-vaart",
        "post",
        candidate(1),
        {"json": {"@type": "Candidate"}},
        403,
        "not_addable",
    ),
    "add-without-type": (
        "beheer-vaart",
        "post",
        GROUP,
        {"json": {"title": "x"}},
        400,
        "bad_request",
    ),
    "add-not-json": ("beheer-vaart", "post", GROUP, NOT_JSON, 400, "invalid_body"),
    "add-no-right": (
        "student-sanne",
        "post",
        GROUP,
        {"json": {**NEW_CANDIDATE, "student_code": "100999"}},
        401,
        "unauthorized",
    ),
    "edit-invalid": (
        "beheer-vaart",
        "patch",
        SCHOOL,
        {"json": {"contact_email": "geen adres"}},
        400,
        "invalid_field",
    ),
    "edit-not-json": ("beheer-vaart", "patch", candidate(1), NOT_JSON, 400, "invalid_body"),
    "edit-no-right": (
        "docent-vaart",
        "patch",
        pvb(3),
        {"json": {"exam_location": "x"}},
        401,
        "unauthorized",
    ),
    "delete-anonymous": (None, "delete", candidate(1), {}, 401, "unauthorized"),
    "delete-other-school": ("beheer-noorder", "delete", pvb(1), {}, 401, "unauthorized"),
    "not-found": ("docent-vaart", "get", f"{GROUP}/bestaat-niet", {}, 404, "not_found"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_every_refusal_has_the_error_form(request_factory, name):
    login, method, path, kwargs, status, code = REFUSALS[name]
    refused_in_both_languages(request_factory, login, method, path, status, code, **kwargs)
