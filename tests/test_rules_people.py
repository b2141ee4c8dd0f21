"""Rules about who is on a PvB and what it is made from, refused where they are entered:
the second assessor is another person than the first assessor, the praktijkbegeleider and
the ROC-begeleider (rule 2); an assignment fits its candidate: an own assignment only its
own candidate's, only the crebo of the candidate's group, another cohort warned (rule 9).
Every channel: the add and edit forms, REST POST and PATCH, @people, @replace-assignment,
@bulk-pvb (which the group page's bulk form posts to)."""

from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.test_ui_steps import EditFormValues
import pytest
import re
import requests
import transaction


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
MO = f"{GROUP}/kandidaat-0002"
SANNE_PVB = f"{SANNE}/pvb-demo"
NOT_THE_WORKPLACE_SUPERVISOR = "De tweede beoordelaar mag niet de praktijkbegeleider zijn."
OTHER_CANDIDATE = "Deze eigen opdracht is voor een andere kandidaat geschreven"
OTHER_CREBO = "Deze opdracht hoort bij crebo 25462; de examengroep van de kandidaat bij crebo"
ELECTIVE_ASSIGNMENT = f"{SCHOOL}/opdrachtenbank/keuzedeel-domotica"
OTHER_EXAM_KIND = (
    "Deze opdracht is voor een Keuzedeelexamen (K0080); de examengroep van de kandidaat is "
    "voor een PvB (25451)."
)


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


@pytest.fixture
def jansen_assesses_too(process):
    """The praktijkbegeleider of Sanne's PvB is also in the school's assessor pool, so only
    the rule (not the pool) stands between them and the second assessor's field."""
    response = process.as_("beheer-vaart").patch(
        f"{SCHOOL}/@school-roster",
        json={"userid": "praktijk-jansen", "groups": ["WorkplaceSupervisors", "Assessors"]},
    )
    assert response.status_code == 204, response.text


def people(process):
    return {k: (v or {}).get("userid") for k, v in process.dossier()["people"].items()}


def html_client(functional_portal, login="docent-vaart"):
    session = requests.Session()
    session.auth = (login, DEMO_PASSWORD)
    session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
    return session, functional_portal.absolute_url()


def post_form(session, url, ending, changes):
    """Open the form at url, change some fields (by widget name) and save it."""
    page = session.get(url, timeout=60)
    assert page.status_code == 200, page.status_code
    form = EditFormValues(ending)
    form.feed(page.text)
    data = [(k, v) for k, v in form.values if k not in changes]
    assert len(data) < len(form.values) or not form.values, "the fields are not in the form"
    data += list(changes.items()) + [("form.buttons.save", "Opslaan")]
    return session.post(url, data=data, timeout=60)


class TestSecondAssessor:
    """Rule 2: the praktijkbegeleider is not also the second assessor."""

    def refused(self, response, process, before):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "invalid_people"
        assert error["field"] == "assessor_2"
        assert error["message"] == NOT_THE_WORKPLACE_SUPERVISOR
        assert people(process) == before
        assert "people_changed" not in process.actions()

    def test_at_people(self, process, jansen_assesses_too):
        before = people(process)
        response = process.as_("docent-vaart").patch(
            f"{process.path}/@people", json={"assessor_2": "praktijk-jansen"}
        )
        self.refused(response, process, before)
        # Both at once, the same: the praktijkbegeleider changed into the second assessor.
        both = process.as_("docent-vaart").patch(
            f"{process.path}/@people",
            json={"workplace_supervisor": "beoordelaar-2", "assessor_2": "beoordelaar-2"},
        )
        assert both.status_code == 400
        assert people(process) == before

    def test_in_the_language_of_the_request(self, process, jansen_assesses_too):
        session = process.as_("docent-vaart")
        response = session.patch(
            f"{process.path}/@people",
            json={"assessor_2": "praktijk-jansen"},
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 400
        assert response.json()["error"]["message"] == (
            "The second assessor must not be the workplace supervisor."
        )

    def test_after_the_vaststelling_too(self, process, jansen_assesses_too):
        process.to_execution()
        before = people(process)
        response = process.as_("beheer-vaart").patch(
            f"{process.path}/@people",
            json={"assessor_2": "praktijk-jansen", "reason": "Beoordelaar ziek"},
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_people"
        assert people(process) == before

    def test_by_a_rest_patch_of_the_pvb(self, process, jansen_assesses_too):
        before = people(process)
        response = process.as_("docent-vaart").patch(
            process.path, json={"assessor_2": "praktijk-jansen", "exam_location": "Elders"}
        )
        self.refused(response, process, before)
        assert process.dossier()["exam_location"] != "Elders"  # nothing of it was written

    def test_by_a_rest_post_of_a_new_pvb(self, process, functional_portal, jansen_assesses_too):
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        response = process.as_("docent-vaart").post(
            MO,
            json={
                "@type": "PvB",
                "assignment_uid": uid,
                "workplace_supervisor": "praktijk-jansen",
                "assessor_2": "praktijk-jansen",
            },
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "invalid_people"
        transaction.begin()
        mo = functional_portal.unrestrictedTraverse(MO)
        assert [o.getId() for o in mo.objectValues()] == ["pvb-demo"]

    def test_in_the_edit_form(self, process, functional_portal, jansen_assesses_too):
        before = people(process)
        session, base = html_client(functional_portal)
        response = post_form(
            session,
            f"{base}/{process.path}/@@edit",
            "edit",
            {"form.widgets.assessor_2:list": "praktijk-jansen"},
        )
        assert response.status_code == 200
        assert NOT_THE_WORKPLACE_SUPERVISOR in response.text
        assert people(process) == before

    def test_in_the_bulk_form_and_its_dry_run(
        self, process, functional_portal, jansen_assesses_too
    ):
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        body = {
            "candidates": ["kandidaat-0002"],
            "assignment_uid": uid,
            "workplace_supervisor": "praktijk-jansen",
            "assessor_2": "praktijk-jansen",
        }
        for dry_run in (True, False):
            response = process.as_("docent-vaart").post(
                f"{GROUP}/@bulk-pvb", json=dict(body, dry_run=dry_run)
            )
            assert response.status_code == 400, response.text
            error = response.json()["error"]
            assert (error["code"], error["message"]) == (
                "invalid_people",
                NOT_THE_WORKPLACE_SUPERVISOR,
            )
        transaction.begin()
        mo = functional_portal.unrestrictedTraverse(MO)
        assert [o.getId() for o in mo.objectValues()] == ["pvb-demo"]

    def test_the_first_assessor_and_the_roc_begeleider_still_differ(self, process):
        admin = process.as_("beheer-vaart")
        for field, other in (("assessor_1", "beoordelaar-1"), ("school_supervisor", None)):
            if other is None:
                # The ROC-begeleider, made an assessor too, as second assessor.
                admin.patch(
                    f"{SCHOOL}/@school-roster",
                    json={"userid": "docent-vaart", "groups": ["Supervisors", "Assessors"]},
                )
                other = "docent-vaart"
            response = admin.patch(f"{process.path}/@people", json={"assessor_2": other})
            assert response.status_code == 400, field
            assert response.json()["error"]["code"] == "invalid_people"


def own_assignment(process, functional_portal, candidate, **changes):
    """An eigen opdracht in the school's bank, written for one candidate; its UID."""
    body = {
        "@type": "ExamAssignment",
        "title": "Eigen opdracht",
        "crebo": "25451",
        "qualification": "Eerste monteur",
        "qualification_cohort": 2024,
        "kind": "own",
        "candidate_uid": functional_portal.unrestrictedTraverse(candidate).UID(),
        "work_processes": [{"code": "W1", "title": "A", "criteria": [{"id": "c1", "text": "x"}]}],
    }
    body.update(changes)
    response = process.as_("docent-vaart").post(f"{SCHOOL}/opdrachtenbank", json=body)
    assert response.status_code == 201, response.text
    return response.json()["UID"]


def school_assignment(process, cohort):
    """A vastgestelde schoolopdracht of the group's crebo and the given cohort; its UID."""
    response = process.as_("docent-vaart").post(
        f"{SCHOOL}/opdrachtenbank",
        json={
            "@type": "ExamAssignment",
            "title": f"Schoolopdracht cohort {cohort}",
            "crebo": "25451",
            "qualification": "Eerste monteur",
            "qualification_cohort": cohort,
            "kind": "school",
        },
    )
    assert response.status_code == 201, response.text
    path = response.json()["@id"].split("/plone/", 1)[1]
    established = process.as_("beheer-vaart").post(f"{path}/@workflow/establish")
    assert established.status_code == 200, established.text
    return response.json()["UID"]


class TestAnAssignmentFitsItsCandidate:
    """Rule 9, refused: an own assignment of Mo, an assignment of another crebo, and that of
    a keuzedeel exam (K0080, proeve.exam_kinds), for Sanne's PvB."""

    @pytest.fixture(params=["own_of_mo", "other_crebo", "elective"])
    def wrong(self, request, process, functional_portal):
        """(UID, error code, message start) of an assignment that does not fit Sanne."""
        if request.param == "own_of_mo":
            uid = own_assignment(process, functional_portal, MO)
            return uid, "assignment_of_another_candidate", OTHER_CANDIDATE
        if request.param == "elective":
            uid = functional_portal.unrestrictedTraverse(ELECTIVE_ASSIGNMENT).UID()
            return uid, "assignment_other_exam_kind", OTHER_EXAM_KIND
        uid = functional_portal.examenbank["service-monteur-storing"].UID()
        return uid, "assignment_other_crebo", OTHER_CREBO

    def refused(self, response, wrong):
        uid, code, message = wrong
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == code
        assert error["field"] == "assignment_uid"
        assert error["message"].startswith(message)
        return error

    def test_by_a_rest_post_of_a_pvb(self, process, functional_portal, wrong):
        self.refused(
            process.as_("docent-vaart").post(
                SANNE, json={"@type": "PvB", "assignment_uid": wrong[0]}
            ),
            wrong,
        )
        transaction.begin()
        sanne = functional_portal.unrestrictedTraverse(SANNE)
        assert [o.getId() for o in sanne.objectValues()] == ["pvb-demo"]

    def test_by_a_rest_patch_of_the_assignment(self, process, wrong):
        before = process.dossier()["assignment"]
        self.refused(
            process.as_("docent-vaart").patch(process.path, json={"assignment_uid": wrong[0]}),
            wrong,
        )
        assert process.dossier()["assignment"] == before
        assert "assignment_replaced" not in process.actions()

    def test_at_replace_assignment(self, process, wrong):
        before = process.dossier()["assignment"]
        self.refused(
            process.as_("docent-vaart").post(
                f"{process.path}/@replace-assignment", json={"assignment_uid": wrong[0]}
            ),
            wrong,
        )
        assert process.dossier()["assignment"] == before

    def test_at_bulk_pvb_and_its_dry_run(self, process, functional_portal, wrong):
        for dry_run in (True, False):
            response = process.as_("docent-vaart").post(
                f"{GROUP}/@bulk-pvb",
                json={
                    "candidates": ["kandidaat-0001"],
                    "assignment_uid": wrong[0],
                    "dry_run": dry_run,
                },
            )
            assert self.refused(response, wrong)["candidate"] == "kandidaat-0001"
        transaction.begin()
        sanne = functional_portal.unrestrictedTraverse(SANNE)
        assert [o.getId() for o in sanne.objectValues()] == ["pvb-demo"]

    def test_in_the_edit_form(self, process, functional_portal, wrong):
        before = process.dossier()["assignment"]
        session, base = html_client(functional_portal)
        response = post_form(
            session,
            f"{base}/{process.path}/@@edit",
            "edit",
            {"form.widgets.assignment_uid:list": wrong[0]},
        )
        assert response.status_code == 200
        assert wrong[2] in response.text
        assert process.dossier()["assignment"] == before

    def test_in_the_add_form(self, process, functional_portal, wrong):
        session, base = html_client(functional_portal)
        response = post_form(
            session,
            f"{base}/{SANNE}/++add++PvB",
            "++add++PvB",
            {"form.widgets.assignment_uid:list": wrong[0]},
        )
        assert response.status_code == 200
        assert wrong[2] in response.text
        transaction.begin()
        sanne = functional_portal.unrestrictedTraverse(SANNE)
        assert [o.getId() for o in sanne.objectValues()] == ["pvb-demo"]


class TestAnOwnAssignmentBelongsToItsCandidate:
    def test_it_is_chosen_for_its_own_candidate(self, process, functional_portal):
        uid = own_assignment(process, functional_portal, MO)
        made = process.as_("docent-vaart").post(MO, json={"@type": "PvB", "assignment_uid": uid})
        assert made.status_code == 201, made.text
        bulk = process.as_("docent-vaart").post(
            f"{GROUP}/@bulk-pvb",
            json={"candidates": ["kandidaat-0002"], "assignment_uid": uid, "dry_run": True},
        )
        assert bulk.status_code == 200, bulk.text

    def test_it_names_its_candidate(self, process, functional_portal):
        session = process.as_("docent-vaart")
        body = {
            "@type": "ExamAssignment",
            "title": "Eigen opdracht zonder kandidaat",
            "crebo": "25451",
            "qualification": "Eerste monteur",
            "qualification_cohort": 2024,
            "kind": "own",
        }
        response = session.post(f"{SCHOOL}/opdrachtenbank", json=body)
        assert response.status_code == 400
        assert "kies de kandidaat" in response.text
        # Only the school's own candidates.
        lotte = functional_portal.unrestrictedTraverse(
            "scholen/noorderlicht-college/koude-2023-25462/kandidaat-0001"
        ).UID()
        response = session.post(f"{SCHOOL}/opdrachtenbank", json=dict(body, candidate_uid=lotte))
        assert response.status_code == 400
        assert "candidate_uid" in response.text

    def test_the_bulk_form_offers_what_fits_the_group(self, process, functional_portal):
        own = own_assignment(process, functional_portal, MO)
        html = html_client(functional_portal)[0].get(f"{functional_portal.absolute_url()}/{GROUP}")
        select = html.text.split('id="bulk-assignment"', 1)[1].split("</select>", 1)[0]
        assert functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID() in select
        assert own in select  # Mo is in this group
        assert functional_portal.examenbank["service-monteur-storing"].UID() not in select


class TestAnotherCohortIsWarned:
    """Rule 9, warned: an assignment of another cohort (kwalificatiedossier) than the group
    is allowed, and said on the PvB page, in the bulk form and in the bulk dry run."""

    WARNING = (
        "Deze opdracht hoort bij cohort 2020 van het kwalificatiedossier; de examengroep bij "
        "cohort 2024. Controleer of dat de bedoeling is."
    )

    def test_in_the_bulk_dry_run_and_report(self, process, functional_portal):
        uid = school_assignment(process, 2020)
        body = {"candidates": ["kandidaat-0002"], "assignment_uid": uid}
        dry = process.as_("docent-vaart").post(f"{GROUP}/@bulk-pvb", json=dict(body, dry_run=True))
        assert dry.status_code == 200, dry.text
        assert dry.json()["warnings"] == [self.WARNING]
        done = process.as_("docent-vaart").post(f"{GROUP}/@bulk-pvb", json=body)
        assert done.status_code == 201, done.text
        assert done.json()["warnings"] == [self.WARNING]
        fitting = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        same = process.as_("docent-vaart").post(
            f"{GROUP}/@bulk-pvb", json=dict(body, assignment_uid=fitting, dry_run=True)
        )
        assert same.json()["warnings"] == []

    def test_in_the_bulk_form(self, process, functional_portal):
        uid = school_assignment(process, 2020)
        html = html_client(functional_portal)[0].get(f"{functional_portal.absolute_url()}/{GROUP}")
        option = re.search(rf'<option[^>]*value="{uid}"[^>]*>', html.text).group(0)
        assert f'data-warning="{self.WARNING}"' in option
        previews = html.text.split('id="bulk-assignment-previews"', 1)[1].split("</details>")[0]
        assert self.WARNING in previews
        assert 'id="bulk-assignment-warning"' in html.text

    def test_on_the_pvb_page_and_in_the_dossier(self, process, functional_portal):
        uid = school_assignment(process, 2020)
        made = process.as_("docent-vaart").post(MO, json={"@type": "PvB", "assignment_uid": uid})
        assert made.status_code == 201, made.text
        path = made.json()["@id"].split("/plone/", 1)[1]
        dossier = process.as_("docent-vaart").get(f"{path}/@dossier").json()
        assert dossier["assignment_warnings"] == [self.WARNING]
        page = html_client(functional_portal)[0].get(f"{functional_portal.absolute_url()}/{path}")
        warnings = page.text.split('id="pvb-assignment-warnings"', 1)[1].split("</div>", 1)[0]
        assert self.WARNING in warnings
        # A PvB of the group's own cohort has no warning.
        assert process.dossier()["assignment_warnings"] == []
        sanne = html_client(functional_portal)[0].get(
            f"{functional_portal.absolute_url()}/{SANNE_PVB}"
        )
        assert 'id="pvb-assignment-warnings"' not in sanne.text
