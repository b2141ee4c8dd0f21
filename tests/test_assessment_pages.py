"""Seeing the assessment on the pages (issue 20, point 6): the assessor goes straight to the
form and is not offered it again once it is recorded; an Onvoldoende without justification
is said beside its criterion; the exam committee reads the recorded forms beside its
decision and signs it; the candidate reads the forms once the result is established, and
not before (the rule is process.access.may_read_forms, on the page and over REST alike)."""

from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import pytest
import re
import requests
import transaction


JUSTIFICATION = "Geen werkplanning gemaakt, ook niet na een aanwijzing."
MOTIVATION = "Werkproces 1 is onvoldoende uitgevoerd."


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


@pytest.fixture
def pages(functional_portal):
    """pages(login) -> (an HTML session of that login, the PvB's URL)."""

    def open_as(login):
        session = requests.Session()
        session.auth = (login, DEMO_PASSWORD)
        session.headers["Accept"] = "text/html"
        return session, f"{functional_portal.absolute_url()}/{SANNE_PVB}"

    return open_as


def token(page):
    return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def criteria(process):
    assignment = process.dossier("platformbeheer")["assignment"]
    return [c for p in assignment["work_processes"] for c in p["criteria"]]


def a_plain_criterion(process):
    return next(c for c in criteria(process) if not c.get("crucial"))


def record_with_one_onvoldoende(process):
    """Both assessors record; the first scores one (not crucial) criterion Onvoldoende."""
    plain = a_plain_criterion(process)
    process.fill_form("beoordelaar-2")
    session = process.as_("beoordelaar-1")
    assert session.post(f"{process.path}/@assessment").status_code in (200, 201)
    scores = {c["id"]: {"result": "satisfied"} for c in criteria(process)}
    scores[plain["id"]] = {"result": "unsatisfactory", "justification": JUSTIFICATION}
    assert session.patch(f"{process.path}/@assessment", json={"scores": scores}).ok
    assert session.post(f"{process.path}/@record-assessment", json={}).status_code == 200
    return plain


def read_forms(dossier):
    """{assessor: {criterion: (result, justification)}} of the forms the dossier lets read."""
    return {
        f["assessor"]["userid"]: {c["id"]: (c["result"], c["justification"]) for c in f["criteria"]}
        for f in dossier["forms"]
        if f.get("criteria")
    }


class TestTheAssessor:
    def test_beoordelen_goes_straight_to_the_form_and_is_gone_once_recorded(self, pages, process):
        process.to_assessment()
        session, url = pages("beoordelaar-1")
        page = session.get(url, timeout=60).text
        # The button makes the form (a post), so the next page is the form itself.
        button = re.search(r'<form[^>]*@@assessment-form"[^>]*>.*?</form>', page, re.S)
        assert button is not None
        assert 'value="start"' in button.group(0)
        response = session.post(
            f"{url}/@@assessment-form",
            data={"action": "start", "_authenticator": token(page)},
            timeout=60,
        )
        assert response.url.endswith("/@@assessment-form")
        assert 'id="assessment-form"' in response.text
        assert "Beoordeling starten" not in response.text
        # Once recorded, the PvB page offers no more Beoordelen; the form is still readable.
        process.fill_form("beoordelaar-1")
        page = session.get(url, timeout=60).text
        assert 'id="pvb-assess"' not in page
        assert "Er wacht hier nu niets op u." in page
        assert f'href="{url}/@@assessment-form"' in page

    def test_an_unjustified_onvoldoende_is_said_beside_it_and_nothing_is_written(
        self, pages, process
    ):
        process.to_assessment()
        session, url = pages("beoordelaar-1")
        page = session.get(url, timeout=60).text
        session.post(
            f"{url}/@@assessment-form",
            data={"action": "start", "_authenticator": token(page)},
            timeout=60,
        )
        ids = [c["id"] for c in criteria(process)]
        data = {f"result.{c}": "satisfied" for c in ids}
        data[f"result.{ids[0]}"] = "unsatisfactory"
        data[f"reason.{ids[1]}"] = "Netjes gewerkt."
        for action in ("save", "record"):
            response = session.post(
                f"{url}/@@assessment-form",
                data={
                    **data,
                    "action": action,
                    "confirm_incomplete": "1",
                    "_authenticator": token(page),
                },
                timeout=60,
            )
            assert response.status_code == 200
            fieldset = re.search(
                rf'<fieldset[^>]*id="criterion-{re.escape(ids[0])}".*?</fieldset>',
                response.text,
                re.S,
            ).group(0)
            # The message is beside the criterion, and what was entered is still there.
            assert f'id="j-{ids[0]}-error"' in fieldset
            assert "Onderbouw hier waarom dit criterium Onvoldoende is." in fieldset
            assert re.search(r'value="unsatisfactory"[^>]*checked', fieldset)
            assert 'aria-invalid="true"' in fieldset
            assert "Netjes gewerkt." in response.text
            assessment = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
            assert (assessment["state"], assessment["scores"]) == ("draft", {})
        # Over REST the refusal names the criterion too.
        response = process.as_("beoordelaar-1").patch(
            f"{process.path}/@assessment",
            json={"scores": {ids[0]: {"result": "unsatisfactory"}}},
        )
        assert response.status_code == 400
        assert response.json()["error"]["missing_justification"] == [ids[0]]

    def test_the_form_links_to_the_evidence(self, pages, process, functional_portal):
        pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
        createContentInContainer(
            pvb,
            "Evidence",
            checkConstraints=False,
            id="bewijs-meterkast",
            title="Foto van de meterkast",
            file=NamedBlobFile(b"jpeg", filename="meterkast.jpg"),
        )
        transaction.commit()
        process.to_assessment()
        session, url = pages("beoordelaar-1")
        page = session.get(f"{url}/@@assessment-form", timeout=60).text
        evidence = re.search(r'id="assessment-evidence".*?</section>', page, re.S).group(0)
        assert f'href="{url}/bewijs-meterkast/@@download/file"' in evidence
        assert "Foto van de meterkast" in evidence


class TestTheCommittee:
    def test_reads_the_forms_beside_the_decision_and_signs_it(self, pages, process):
        process.to_assessment()
        plain = record_with_one_onvoldoende(process)
        session, url = pages("examencie-vaart")
        page = session.get(url, timeout=60).text
        assert f'href="{url}/@@pvb-result"' in page
        page = session.get(f"{url}/@@pvb-result", timeout=60).text
        forms = re.search(r'id="result-forms".*?</section>', page, re.S).group(0)
        row = re.search(
            rf'<tr[^>]*data-criterion="{re.escape(plain["id"])}"[^>]*data-result="unsatisfactory".*?</tr>',
            forms,
            re.S,
        ).group(0)
        assert "Onvoldoende" in row
        assert JUSTIFICATION in row
        assert forms.count('class="proeve-form-read') == 2
        # The decision is a signature: the page says what it means before it is confirmed.
        dialog = re.search(r'id="pvb-result-dialog".*?</dialog>', page, re.S).group(0)
        assert "handtekening" in dialog
        assert 'id="pvb-result-confirm"' in dialog
        # Over REST the committee reads the same.
        read = read_forms(process.dossier("examencie-vaart"))
        assert read["beoordelaar-1"][plain["id"]] == ("unsatisfactory", JUSTIFICATION)
        forms_read = re.search(r'name="forms_read" value="([0-9a-f]+)"', page).group(1)
        response = session.post(
            f"{url}/@@pvb-result",
            data={
                "result": "failed",
                "motivation": MOTIVATION,
                "forms_read": forms_read,
                "_authenticator": token(page),
            },
            timeout=60,
        )
        assert response.status_code == 200
        assert process.phase() == "closed"
        # Afterwards the decision and its motivation are on the PvB page.
        result = re.search(r'id="pvb-result".*?</div>', response.text, re.S).group(0)
        assert "Niet geslaagd" in result
        assert MOTIVATION in result
        assert "Vastgesteld door" in result

    def test_a_form_corrected_after_reading_is_read_again_before_signing(self, pages, process):
        process.to_assessment()
        record_with_one_onvoldoende(process)
        session, url = pages("examencie-vaart")
        page = session.get(f"{url}/@@pvb-result", timeout=60).text
        forms_read = re.search(r'name="forms_read" value="([0-9a-f]+)"', page).group(1)
        assert forms_read == process.dossier("examencie-vaart")["forms_fingerprint"]
        # Meanwhile a correction of the first form is decided and recorded.
        recorded = next(
            f
            for f in process.dossier("examencie-vaart")["forms"]
            if f["assessor"]["userid"] == "beoordelaar-1"
        )
        response = process.as_("examencie-vaart").post(
            f"{process.path}/@assessment-correction",
            json={"form": recorded["@id"].rsplit("/", 1)[-1], "decision": "Besluit EC 1"},
        )
        assert response.status_code == 201, response.text
        process.fill_form("beoordelaar-1")
        before = len(process.journal()["items"])
        response = session.post(
            f"{url}/@@pvb-result",
            data={
                "result": "failed",
                "motivation": MOTIVATION,
                "forms_read": forms_read,
                "_authenticator": token(page),
            },
            timeout=60,
        )
        assert "De beoordelingen zijn veranderd sinds u ze las." in response.text
        assert process.phase() == "assessment"
        assert len(process.journal()["items"]) == before
        # Over REST alike.
        response = process.as_("examencie-vaart").post(
            f"{process.path}/@establish-result",
            json={"result": "failed", "motivation": MOTIVATION, "forms_read": forms_read},
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "forms_changed"

    def test_the_result_page_is_there_only_when_the_result_waits(self, pages, process):
        process.to_assessment()
        process.fill_form("beoordelaar-1")
        session, url = pages("examencie-vaart")
        # The second form is not recorded yet: no decision to take.
        response = session.get(f"{url}/@@pvb-result", timeout=60)
        assert response.url.rstrip("/") == url
        assert 'id="pvb-result-form"' not in response.text
        session, url = pages("student-sanne")
        process.fill_form("beoordelaar-2")
        response = session.get(f"{url}/@@pvb-result", timeout=60)
        assert 'id="pvb-result-form"' not in response.text


class TestTheCandidate:
    def test_reads_the_forms_only_once_the_result_is_established(self, pages, process):
        process.to_assessment()
        plain = record_with_one_onvoldoende(process)
        session, url = pages("student-sanne")
        # Recorded, but the result is not established: nothing of the forms.
        assert read_forms(process.dossier("student-sanne")) == {}
        assert JUSTIFICATION not in session.get(url, timeout=60).text
        response = process.as_("examencie-vaart").post(
            f"{process.path}/@establish-result", json={"result": "failed", "motivation": MOTIVATION}
        )
        assert response.status_code == 200, response.text
        read = read_forms(process.dossier("student-sanne"))
        assert read["beoordelaar-1"][plain["id"]] == ("unsatisfactory", JUSTIFICATION)
        assert set(read) == {"beoordelaar-1", "beoordelaar-2"}
        page = session.get(url, timeout=60).text
        section = re.search(r'id="pvb-forms-heading".*?</section>', page, re.S).group(0)
        assert "Nog geen." not in section
        assert JUSTIFICATION in section
        assert MOTIVATION in section
        # The praktijkbegeleider is not the candidate: the forms stay theirs to keep.
        assert read_forms(process.dossier("praktijk-jansen")) == {}


def test_the_vaststellers_send_back_is_its_own_part_below(pages, process):
    process.to_establishment()
    session, url = pages("vaststeller-vaart")
    page = session.get(url, timeout=60).text
    establish = page.index('id="pvb-transition-establish"')
    send_back = re.search(r'<form[^>]*id="pvb-reason-step-send_back".*?</form>', page, re.S)
    assert send_back is not None
    assert send_back.start() > establish
    # The reason is inside its own part, with its own button, and nowhere else.
    assert 'name="comment"' in send_back.group(0)
    assert 'id="pvb-transition-send_back"' in send_back.group(0)
    assert page.count('name="comment"') == 1
