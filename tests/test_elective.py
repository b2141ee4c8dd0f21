"""Keuzedeel exams (issue 21): an exam kind (proeve.exam_kinds) that follows from its code,
K and 4 digits instead of a crebo, on the same PvB machinery: created over REST and through
the add forms, its assignment only for a group of its code, the people its kind requires,
the whole process with the same steps, and its code and kind in the results."""

from io import BytesIO
from openpyxl import load_workbook
from tests.process_helpers import Process
from tests.test_rules_people import html_client
from tests.test_rules_people import post_form
import pytest
import re
import transaction


SCHOOL = "scholen/roc-de-vaart"
BANK = f"{SCHOOL}/opdrachtenbank"
ELECTIVE_GROUP = f"{SCHOOL}/keuzedeel-2024-k0080"
IRIS = f"{ELECTIVE_GROUP}/kandidaat-0007"
ELECTIVE_ASSIGNMENT = f"{BANK}/keuzedeel-domotica"
PVB_GROUP = f"{SCHOOL}/mei-2024-25451"
CODE_ERROR = (
    "Vul een crebo in (precies 5 cijfers, bijvoorbeeld 25451) of een keuzedeelcode (een K en "
    "4 cijfers, bijvoorbeeld K0080)."
)
CREBO_FOR_ELECTIVE = (
    "Deze opdracht is voor een PvB (25451); de examengroep van de kandidaat is voor een "
    "Keuzedeelexamen (K0080)."
)
WITHOUT_WORKPLACE_SUPERVISOR = {
    "school_supervisor": "docent-vaart",
    "assessor_1": "beoordelaar-1",
    "assessor_2": "beoordelaar-2",
    "establisher": "vaststeller-vaart",
}
CRITERIA = [
    {
        "code": "K0081-W1",
        "title": "Past duurzame technieken toe",
        "criteria": [{"id": "D-1", "text": "Kiest een passende techniek", "crucial": True}],
    }
]


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def uid_of(portal, path):
    transaction.begin()
    return portal.unrestrictedTraverse(path).UID()


def path_of(portal, response):
    return response.json()["@id"].replace(portal.absolute_url() + "/", "")


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S))


def new_elective_pvb(process, portal, **people):
    """A new keuzedeel exam of Iris (K0080), made over REST by her ROC-begeleider."""
    body = {
        "@type": "PvB",
        "assignment_uid": uid_of(portal, ELECTIVE_ASSIGNMENT),
        **WITHOUT_WORKPLACE_SUPERVISOR,
        **people,
    }
    response = process.as_("docent-vaart").post(IRIS, json=body)
    assert response.status_code == 201, response.text
    return Process(process.factory, path_of(portal, response), ("student-iris", "docent-vaart"))


# -- The code: a crebo or a keuzedeelcode -------------------------------------------------


def group_body(code):
    return {"@type": "ExamGroup", "title": "Keuzedeel", "qualification_cohort": 2025, "crebo": code}


def test_rest_makes_an_elective_group_assignment_and_exam(process, functional_portal):
    admin = process.as_("beheer-vaart")
    group = admin.post(SCHOOL, json=group_body("K0081"))
    assert group.status_code == 201, group.text
    assignment = admin.post(
        BANK,
        json={
            "@type": "ExamAssignment",
            "title": "Duurzame installaties (keuzedeel)",
            "crebo": "K0081",
            "qualification": "Keuzedeel Duurzame installaties",
            "qualification_cohort": 2025,
            "kind": "school",
            "work_processes": CRITERIA,
        },
    )
    assert assignment.status_code == 201, assignment.text
    established = admin.post(f"{path_of(functional_portal, assignment)}/@workflow/establish")
    assert established.status_code == 200, established.text
    candidate = admin.post(
        path_of(functional_portal, group),
        json={
            "@type": "Candidate",
            "student_code": "100881",
            "first_name": "Kees",
            "last_name": "Keuze",
            "email": "kees@example.org",
        },
    )
    assert candidate.status_code == 201, candidate.text
    exam = process.as_("docent-vaart").post(
        path_of(functional_portal, candidate),
        json={"@type": "PvB", "assignment_uid": assignment.json()["UID"]},
    )
    assert exam.status_code == 201, exam.text
    dossier = Process(process.factory, path_of(functional_portal, exam)).dossier()
    assert dossier["exam_kind"] == "elective"
    assert dossier["exam_code"] == "K0081"
    assert dossier["exam_kind_title"] == "Keuzedeelexamen"
    assert dossier["exam_code_label"] == "Keuzedeelcode"
    # A PvB's dossier says so too.
    pvb = Process(process.factory, f"{PVB_GROUP}/kandidaat-0001/pvb-demo").dossier()
    assert (pvb["exam_kind"], pvb["exam_code"]) == ("pvb", "25451")


@pytest.mark.parametrize("code", ["K80", "k0080", "KK0080", "2545", "254510"])
def test_rest_refuses_a_code_that_is_neither(process, code):
    response = process.as_("beheer-vaart").post(SCHOOL, json=group_body(code))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["field"] == "crebo"
    assert CODE_ERROR in error["message"]


def add_form(session, base, container, type_name, fields):
    page = session.get(f"{base}/{container}/++add++{type_name}").text
    token = re.search(r'data-token="([0-9a-f]+)"', page).group(1)
    return session.post(
        f"{base}/{container}/++add++{type_name}",
        data={"_authenticator": token, "form.buttons.save": "Opslaan", **fields},
    )


def group_form(session, base, title, code):
    fields = {
        "form.widgets.IBasic.title": title,
        "form.widgets.qualification_cohort": "2025",
        "form.widgets.crebo": code,
    }
    return add_form(session, base, SCHOOL, "ExamGroup", fields)


def test_the_add_forms_make_an_elective_group_and_assignment(functional_portal):
    session, base = html_client(functional_portal, "beheer-vaart")
    group = group_form(session, base, "Keuzedeel Zonne-energie", "K0082")
    assert group.status_code == 200
    assert "Examengroep aangemaakt." in group.text
    page = visible(group.text)
    assert "Keuzedeelexamen · Keuzedeelcode K0082" in page
    assert "Crebo K0082" not in page

    assignment = add_form(
        session,
        base,
        BANK,
        "ExamAssignment",
        {
            "form.widgets.IBasic.title": "Zonnepanelen plaatsen (keuzedeel)",
            "form.widgets.crebo": "K0082",
            "form.widgets.qualification": "Keuzedeel Zonne-energie",
            "form.widgets.qualification_cohort": "2025",
            "form.widgets.kind:list": "school",
            "form.widgets.work_processes": '[{"code": "W1", "title": "Plaatst panelen", '
            '"criteria": [{"id": "Z-1", "text": "Plaatst veilig", "crucial": true}]}]',
        },
    )
    assert assignment.status_code == 200
    assert "Opdracht aangemaakt." in assignment.text
    page = visible(assignment.text)
    assert "(Keuzedeelcode K0082)" in page
    assert "Soort examen Keuzedeelexamen" in page
    bank = visible(session.get(f"{base}/{BANK}?crebo=K0082").text)
    assert "Zonnepanelen plaatsen (keuzedeel) K0082 Keuzedeelexamen 2025" in bank


def test_the_add_form_refuses_a_code_that_is_neither(functional_portal):
    session, base = html_client(functional_portal, "beheer-vaart")
    response = group_form(session, base, "Fout", "K80")
    assert CODE_ERROR in visible(response.text)
    transaction.begin()
    assert "fout" not in functional_portal.unrestrictedTraverse(SCHOOL).objectIds()


# -- An assignment fits only a group of its code ------------------------------------------
# (an elective assignment for a PvB group: tests/test_rules_people.py, every channel)


def test_rest_refuses_a_crebo_assignment_for_an_elective_group(process, functional_portal):
    uid = uid_of(functional_portal, "examenbank/eerste-monteur-installatie-woning")
    for response in (
        process.as_("docent-vaart").post(IRIS, json={"@type": "PvB", "assignment_uid": uid}),
        process.as_("docent-vaart").post(
            f"{ELECTIVE_GROUP}/@bulk-pvb",
            json={"candidates": ["kandidaat-0007"], "assignment_uid": uid, "dry_run": True},
        ),
    ):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "assignment_other_exam_kind"
        assert error["message"] == CREBO_FOR_ELECTIVE
    transaction.begin()
    assert functional_portal.unrestrictedTraverse(IRIS).objectIds() == ["pvb-demo"]


def test_the_add_form_refuses_a_crebo_assignment_for_an_elective_group(functional_portal):
    uid = uid_of(functional_portal, "examenbank/eerste-monteur-installatie-woning")
    session, base = html_client(functional_portal)
    response = post_form(
        session,
        f"{base}/{IRIS}/++add++PvB",
        "++add++PvB",
        {"form.widgets.assignment_uid:list": uid},
    )
    assert response.status_code == 200
    assert CREBO_FOR_ELECTIVE in visible(response.text)
    transaction.begin()
    assert functional_portal.unrestrictedTraverse(IRIS).objectIds() == ["pvb-demo"]


def test_the_group_page_offers_only_assignments_of_its_code(functional_portal):
    session, base = html_client(functional_portal)
    page = session.get(f"{base}/{ELECTIVE_GROUP}").text
    assert uid_of(functional_portal, ELECTIVE_ASSIGNMENT) in page
    assert uid_of(functional_portal, "examenbank/eerste-monteur-installatie-woning") not in page


# -- The people each kind requires, by the same guards --------------------------------------


def test_an_elective_exam_needs_no_workplace_supervisor(process, functional_portal):
    exam = new_elective_pvb(process, functional_portal)
    assert exam.dossier()["checks"]["people"] == []
    assert "praktijkbegeleider" not in " ".join(exam.dossier()["checks"]["people"]).lower()
    # Its candidate and ROC-begeleider approve; then it waits for its vaststelling.
    assert exam.approve("student-iris").status_code == 201
    assert exam.phase() == "preparation"
    assert exam.approve("docent-vaart").status_code == 201
    assert exam.phase() == "establishment"
    # Mo's PvB (crebo 25451) has no praktijkbegeleider either: the same check names it.
    mo = Process(process.factory, f"{PVB_GROUP}/kandidaat-0002/pvb-demo")
    assert "Praktijkbegeleider: nog niet ingevuld." in mo.dossier()["checks"]["people"]


def test_an_elective_exam_still_needs_its_first_assessor(process, functional_portal):
    exam = new_elective_pvb(process, functional_portal, assessor_1=None)
    assert exam.dossier()["checks"]["people"] == ["Eerste beoordelaar: nog niet ingevuld."]
    exam.approve("student-iris")
    exam.approve("docent-vaart")
    refused = exam.transition("vaststeller-vaart", "establish")
    assert refused.status_code != 200
    assert "Eerste beoordelaar: nog niet ingevuld." in refused.text
    assert exam.phase() == "establishment"


def test_a_workplace_supervisor_filled_in_approves_an_elective_exam_too(process, functional_portal):
    exam = new_elective_pvb(process, functional_portal, workplace_supervisor="praktijk-jansen")
    assert exam.approve("student-iris").status_code == 201
    assert exam.approve("docent-vaart").status_code == 201
    assert exam.phase() == "preparation"
    assert exam.approve("praktijk-jansen").status_code == 201
    assert exam.phase() == "establishment"


# -- The whole process, the same steps; the results carry the code ------------------------


def test_an_elective_exam_goes_from_approval_to_its_result(process, functional_portal):
    exam = new_elective_pvb(process, functional_portal)
    content_hash = exam.dossier()["content_hash"]
    not_theirs = exam.approve("praktijk-jansen", content_hash)
    assert not_theirs.status_code in (401, 403), not_theirs.text
    # The same steps, by the same helpers, as a PvB's (tests.process_helpers).
    exam.to_closed()
    # The same journal as a PvB's: the approvals, each step, the forms.
    assert {"approved", "transition", "form_created"} <= set(exam.actions())

    koppeling = process.as_("koppeling-vaart")
    data = koppeling.get(f"{SCHOOL}/@school-results").json()
    (item,) = [i for i in data["items"] if i["group"] == "keuzedeel-2024-k0080"]
    assert (item["crebo"], item["exam_kind"], item["student_code"]) == (
        "K0080",
        "elective",
        "100237",
    )
    pvbs = [i for i in data["items"] if i["group"] == "mei-2024-25451"]
    assert {(i["crebo"], i["exam_kind"]) for i in pvbs} == {("25451", "pvb")}
    groups = {g["id"]: g for g in data["groups"]}
    assert groups["keuzedeel-2024-k0080"]["exam_kind"] == "elective"
    assert groups["keuzedeel-2024-k0080"]["crebo"] == "K0080"

    export = koppeling.get(f"{functional_portal.absolute_url()}/{SCHOOL}/@@results-export")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    header = rows[0]
    by_code = {row[header.index("studentcode")]: row for row in rows[1:]}
    iris = by_code["100237"]
    assert iris[header.index("crebo")] == "K0080"
    assert iris[header.index("soort examen")] == "Keuzedeelexamen"
    assert by_code["100236"][header.index("soort examen")] == "PvB"


def test_the_exam_page_says_keuzedeelexamen(functional_portal):
    session, base = html_client(functional_portal, "student-iris")
    page = visible(session.get(f"{base}/{IRIS}/pvb-demo").text)
    assert "Keuzedeelexamen K0080 · Kandidaat : Iris Smit" in page
    assert "(Keuzedeelcode K0080)" in page
    sanne = html_client(functional_portal, "student-sanne")[0]
    page = visible(sanne.get(f"{base}/{PVB_GROUP}/kandidaat-0001/pvb-demo").text)
    assert "PvB 25451 · Kandidaat : Sanne de Vries" in page


def test_demo_has_a_keuzedeel_exam_in_execution(process):
    iris = Process(process.factory, f"{IRIS}/pvb-demo")
    dossier = iris.dossier()
    assert dossier["exam_kind"] == "elective"
    assert dossier["phase"] == "execution"
    assert dossier["people"]["workplace_supervisor"] is None
