"""The exam process over REST, rule by rule, with the refusals (which change nothing)."""

from tests.process_helpers import Process
from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.process_helpers import SCHOOL_ASSIGNMENT_TITLE
import base64
import pytest
import transaction


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


class TestPreparation:
    def test_three_approvals_in_any_order_lock_and_submit(self, process):
        for login in ("praktijk-jansen", "student-sanne"):
            assert process.approve(login).status_code == 201
            assert process.phase() == "preparation"
        assert process.approve("docent-vaart").status_code == 201
        assert process.phase() == "establishment"
        approvals = process.dossier()["approvals"]
        assert {a["role"] for a in approvals} == {
            "candidate",
            "school_supervisor",
            "workplace_supervisor",
        }
        for approval in approvals:
            assert approval["time"].endswith("+00:00")
            assert len(approval["hash"]) == 64
        locked = process.as_("docent-vaart").patch(process.path, json={"exam_location": "X"})
        assert locked.status_code in (401, 403)
        assert process.dossier()["exam_location"] != "X"

    def test_refused_approvals(self, process):
        right_hash = process.dossier()["content_hash"]
        wrong = process.approve("student-sanne", content_hash="0" * 64)
        assert wrong.status_code == 409
        assert wrong.json()["error"]["code"] == "content_changed"
        outsider = process.approve("vaststeller-vaart", content_hash=right_hash)
        assert outsider.status_code == 403
        other_candidate = process.approve("student-mo", content_hash=right_hash)
        assert other_candidate.status_code in (401, 403)
        assert process.approve("student-sanne").status_code == 201
        twice = process.approve("student-sanne")
        assert twice.status_code == 409
        assert twice.json()["error"]["code"] == "already_approved"
        assert [e["action"] for e in process.journal()["items"]].count("approved") == 1

    def test_a_content_change_voids_earlier_approvals(self, process):
        assert process.approve("student-sanne").status_code == 201
        old_hash = process.dossier()["content_hash"]
        edit = process.as_("docent-vaart").patch(
            process.path, json={"exam_location": "Werkplaats Zwolle"}
        )
        assert edit.status_code == 204
        dossier = process.dossier()
        assert dossier["content_hash"] != old_hash
        assert dossier["approvals"] == []
        assert "approval_voided" in process.actions()
        # Approving the old text is refused.
        assert process.approve("praktijk-jansen", content_hash=old_hash).status_code == 409

    def test_forged_transitions_are_refused(self, process):
        for login, name in (
            ("docent-vaart", "submit"),
            ("vaststeller-vaart", "establish"),
            ("examencie-vaart", "establish_result"),
            ("student-sanne", "start_assessment"),
        ):
            response = process.transition(login, name, comment="forged", extra="x")
            assert response.status_code >= 400, (login, name)
            assert process.phase() == "preparation"
        assert "transition" not in process.actions()

    def test_people_may_change_until_vaststelling(self, process):
        supervisor = process.as_("docent-vaart")
        swapped = {"assessor_1": "beoordelaar-2", "assessor_2": "beoordelaar-1"}
        response = supervisor.patch(f"{process.path}/@people", json=swapped)
        assert response.status_code == 204, response.text
        process.to_establishment()
        back = supervisor.patch(
            f"{process.path}/@people",
            json={"assessor_1": "beoordelaar-1", "assessor_2": "beoordelaar-2"},
        )
        assert back.status_code == 204, back.text
        changes = [e for e in process.journal()["items"] if e["action"] == "people_changed"]
        assert [c["details"]["changes"]["assessor_2"] for c in changes] == [
            ["beoordelaar-2", "beoordelaar-1"],
            ["beoordelaar-1", "beoordelaar-2"],
        ]


class TestVaststelling:
    def test_every_person_must_be_set(self, process):
        process.to_establishment()
        supervisor = process.as_("docent-vaart")
        assert (
            supervisor.patch(f"{process.path}/@people", json={"assessor_2": None}).status_code
            == 204
        )
        refused = process.transition("vaststeller-vaart", "establish")
        assert refused.status_code >= 400
        assert process.phase() == "establishment"
        assert process.dossier()["checks"]["people"]

    def test_second_assessor_differs_from_first_and_supervisor(self, process, functional_portal):
        process.to_establishment()
        supervisor = process.as_("docent-vaart")
        # Refused where it is entered (tests/test_rules_people.py has every channel) ...
        refused = supervisor.patch(f"{process.path}/@people", json={"assessor_2": "beoordelaar-1"})
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "invalid_people"
        # ... and the vaststelling checks it again, whatever way the data came in.
        transaction.begin()
        functional_portal.unrestrictedTraverse(process.path).assessor_2 = "beoordelaar-1"
        transaction.commit()
        assert process.transition("vaststeller-vaart", "establish").status_code >= 400
        assert process.phase() == "establishment"

    def test_only_the_pvbs_vaststeller_establishes(self, process):
        process.to_establishment()
        for login in ("docent-vaart", "beheer-vaart", "examencie-vaart", "student-sanne"):
            assert process.transition(login, "establish").status_code >= 400
        assert process.phase() == "establishment"
        assert process.transition("vaststeller-vaart", "establish").status_code == 200
        assert process.phase() == "execution"

    def test_expired_register_is_warned(self, process):
        warnings = process.dossier()["checks"]["warnings"]
        assert any("beoordelaar-1" in w for w in warnings)
        # Only to those who can act on it: not over REST to the candidate, the
        # praktijkbegeleider or the assessor it is about.
        for login in ("student-sanne", "praktijk-jansen", "beoordelaar-1"):
            assert process.dossier(login)["checks"] == {"people": [], "warnings": []}
        for login in ("beheer-vaart", "examencie-vaart"):
            assert any("beoordelaar-1" in w for w in process.dossier(login)["checks"]["warnings"])
        process.as_("beheer-vaart").patch(
            "scholen/roc-de-vaart/@school-roster",
            json={"userid": "beoordelaar-1", "register_expiry": "2099-12-31"},
        )
        warnings = process.dossier()["checks"]["warnings"]
        assert not any("beoordelaar-1" in w for w in warnings)

    def test_send_back_with_reason_voids_approvals(self, process):
        process.to_establishment()
        response = process.transition(
            "vaststeller-vaart", "send_back", comment="Criterium 3 onduidelijk"
        )
        assert response.status_code == 200, response.text
        assert process.phase() == "preparation"
        assert process.dossier()["approvals"] == []
        cleared = [e for e in process.journal()["items"] if e["action"] == "approvals_cleared"]
        assert cleared[0]["details"]["reason"] == "Criterium 3 onduidelijk"


class TestExecution:
    def evidence(self, process, login, name="foto.jpg"):
        return process.as_(login).post(
            process.path,
            json={
                "@type": "Evidence",
                "title": "Foto van de meterkast",
                "file": {
                    "data": base64.b64encode(b"JPEG-bytes").decode(),
                    "encoding": "base64",
                    "filename": name,
                    "content-type": "image/jpeg",
                },
            },
        )

    def test_only_the_school_admin_changes_people_and_with_a_reason(self, process):
        process.to_execution()
        assert process.as_("docent-vaart").patch(
            f"{process.path}/@people", json={"assessor_2": "beoordelaar-1"}
        ).status_code in (401, 403)
        admin = process.as_("beheer-vaart")
        no_reason = admin.patch(f"{process.path}/@people", json={"workplace_supervisor": None})
        assert no_reason.status_code == 400
        assert no_reason.json()["error"]["code"] == "reason_required"
        emptied = admin.patch(
            f"{process.path}/@people", json={"workplace_supervisor": None, "reason": "weg"}
        )
        assert emptied.status_code == 400
        ok = admin.patch(
            f"{process.path}/@people",
            json={
                "establisher": "vaststeller-vaart",
                "assessor_1": "beoordelaar-1",
                "reason": "Beoordelaar van het bedrijf vertrokken",
            },
        )
        assert ok.status_code in (204, 400)

    def test_evidence_and_appointments(self, process):
        assert self.evidence(process, "student-sanne").status_code in (401, 403)
        process.to_execution()
        assert self.evidence(process, "student-sanne").status_code == 201
        late = process.as_("student-sanne").post(
            process.path,
            json={"@type": "Appointment", "title": "Gesprek", "start": "2027-03-01T10:00:00"},
        )
        assert late.status_code == 201, late.text
        dossier = process.dossier()
        assert dossier["appointments"][0]["after_end_date"] is True
        assert len(dossier["evidence"]) == 1
        uploads = [e for e in process.journal()["items"] if e["action"] == "evidence_uploaded"]
        assert len(uploads[0]["details"]["sha256"]) == 64

    def test_starting_the_assessment_closes_evidence_for_good(self, process):
        process.to_assessment()
        assert self.evidence(process, "student-sanne").status_code in (401, 403)
        assert self.evidence(process, "docent-vaart").status_code in (401, 403)
        assert process.dossier()["evidence"] == []


class TestAssessment:
    def test_justification_is_required_for_onvoldoende(self, process):
        process.to_assessment()
        assessor = process.as_("beoordelaar-1")
        assert assessor.post(f"{process.path}/@assessment").status_code == 201
        bad = assessor.patch(
            f"{process.path}/@assessment", json={"scores": {"W1-1": {"result": "unsatisfactory"}}}
        )
        assert bad.status_code == 400
        assert "W1-1" in bad.json()["error"]["message"]
        good = assessor.patch(
            f"{process.path}/@assessment",
            json={
                "scores": {
                    "W1-1": {"result": "unsatisfactory", "justification": "Geen planning"},
                    "W1-2": {"result": "satisfied"},
                }
            },
        )
        assert good.status_code == 200
        unknown = assessor.patch(
            f"{process.path}/@assessment", json={"scores": {"X-9": {"result": "satisfied"}}}
        )
        assert unknown.status_code == 400

    def test_incomplete_form_needs_explicit_confirmation(self, process):
        process.to_assessment()
        assessor = process.as_("beoordelaar-1")
        assessor.post(f"{process.path}/@assessment")
        assessor.patch(
            f"{process.path}/@assessment", json={"scores": {"W1-1": {"result": "satisfied"}}}
        )
        first = assessor.post(f"{process.path}/@record-assessment", json={})
        assert first.status_code == 409
        assert first.json()["error"]["code"] == "incomplete"
        assert "W1-2" in first.json()["error"]["open_criteria"]
        form_id = assessor.get(f"{process.path}/@assessment").json()["@id"].rsplit("/", 1)[1]
        forged = assessor.post(f"{process.path}/{form_id}/@workflow/record")
        assert forged.status_code >= 400
        confirmed = assessor.post(
            f"{process.path}/@record-assessment", json={"confirm_incomplete": True}
        )
        assert confirmed.status_code == 200
        assert confirmed.json()["state"] == "recorded"

    def test_second_assessor_may_leave_criteria_open(self, process):
        process.to_assessment()
        second = process.as_("beoordelaar-2")
        second.post(f"{process.path}/@assessment")
        second.patch(
            f"{process.path}/@assessment", json={"scores": {"W1-1": {"result": "satisfied"}}}
        )
        assert second.post(f"{process.path}/@record-assessment", json={}).status_code == 200

    def test_only_own_assessor_fills_the_form(self, process):
        process.to_assessment()
        for login in ("docent-vaart", "student-sanne", "vaststeller-vaart"):
            assert process.as_(login).post(f"{process.path}/@assessment").status_code == 403

    def test_result_needs_recorded_forms_and_closes_for_good(self, process):
        process.to_assessment()
        committee = process.as_("examencie-vaart")
        early = committee.post(f"{process.path}/@establish-result", json={"result": "passed"})
        assert early.status_code == 409
        process.fill_form("beoordelaar-1")
        process.fill_form("beoordelaar-2")
        assert process.as_("docent-vaart").post(
            f"{process.path}/@establish-result", json={"result": "passed"}
        ).status_code in (401, 403)
        bad = committee.post(f"{process.path}/@establish-result", json={"result": "maybe"})
        assert bad.status_code == 400
        ok = committee.post(
            f"{process.path}/@establish-result", json={"result": "passed", "motivation": "Goed"}
        )
        assert ok.status_code == 200
        dossier = process.dossier("student-sanne")
        assert dossier["phase"] == "closed"
        result = dossier["result"]
        assert (result["result"], result["motivation"]) == ("passed", "Goed")
        assert result["by"]["userid"] == "examencie-vaart"
        for login in ("platformbeheer", "beheer-vaart", "docent-vaart"):
            session = process.as_(login)
            assert session.patch(process.path, json={"exam_location": "X"}).status_code >= 400
            assert session.delete(process.path).status_code >= 400
        assert process.phase() == "closed"


def test_the_journal_tells_the_whole_story_and_verifies(process):
    process.to_closed()
    journal = process.journal()
    assert journal["verified"] is True
    actions = [e["action"] for e in journal["items"]]
    assert actions.count("approved") == 3
    transitions = [
        e["details"]["transition"] for e in journal["items"] if e["action"] == "transition"
    ]
    assert transitions == [
        "submit",
        "establish",
        "start_assessment",
        "record",
        "record",
        "establish_result",
    ]
    assert "form_recorded" in actions
    assert actions[-1] == "result_established"
    site = process.as_("platformbeheer").get("@journal-verify").json()
    assert site["verified"] is True
    assert site["entries"] >= len(actions)
    assert process.as_("docent-vaart").get("@journal-verify").status_code in (401, 403)
    assert process.as_("student-sanne").get(f"{process.path}/@journal").status_code in (401, 403)


def attach(session, path, name="bijlage.pdf"):
    return session.post(
        path,
        json={
            "@type": "File",
            "title": name,
            "file": {
                "data": base64.b64encode(b"%PDF-1.4 bijlage").decode(),
                "encoding": "base64",
                "filename": name,
                "content-type": "application/pdf",
            },
        },
    )


class TestMore:
    def test_content_check_before_vaststelling(self, process):
        admin = process.as_("beheer-vaart")
        assert (
            admin.patch("scholen/roc-de-vaart", json={"content_check_required": True}).status_code
            == 204
        )
        for login in ("student-sanne", "docent-vaart", "praktijk-jansen"):
            assert process.approve(login).status_code == 201
        assert process.phase() == "content_check"
        # No content checker yet: nobody can pass the check.
        assert process.transition("vaststeller-vaart", "approve_content").status_code >= 400
        process.as_("docent-vaart").patch(
            f"{process.path}/@people", json={"content_checker": "vaststeller-vaart"}
        )
        rejected = process.transition("vaststeller-vaart", "reject_content", comment="Te vaag")
        assert rejected.status_code == 200
        assert process.phase() == "preparation"
        assert process.dossier()["approvals"] == []
        for login in ("student-sanne", "docent-vaart", "praktijk-jansen"):
            assert process.approve(login).status_code == 201
        assert process.transition("vaststeller-vaart", "approve_content").status_code == 200
        assert process.phase() == "establishment"

    def test_pause_for_study_delay(self, process):
        process.to_execution()
        supervisor = process.as_("docent-vaart")
        assert supervisor.post(f"{process.path}/@pause", json={}).status_code == 400
        assert process.transition("docent-vaart", "pause").status_code >= 400
        assert process.phase() == "execution"
        paused = supervisor.post(
            f"{process.path}/@pause",
            json={"reason": "Ziekte", "resume_date": "2027-03-01"},
        )
        assert paused.status_code == 200, paused.text
        assert process.phase() == "paused"
        assert TestExecution().evidence(process, "student-sanne").status_code in (401, 403)
        assert process.as_("student-sanne").post(
            f"{process.path}/@pause", json={"reason": "x"}
        ).status_code in (401, 403)
        assert process.transition("docent-vaart", "resume").status_code == 200
        assert process.phase() == "execution"
        assert TestExecution().evidence(process, "student-sanne").status_code == 201
        assert "paused" in process.actions()

    def test_replace_a_wrong_assignment_keeping_people_and_dates(self, process, functional_portal):
        other = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        assert process.approve("student-sanne").status_code == 201
        before = process.dossier()
        supervisor = process.as_("docent-vaart")
        response = supervisor.post(
            f"{process.path}/@replace-assignment", json={"assignment_uid": other}
        )
        assert response.status_code == 200, response.text
        after = process.dossier()
        assert after["assignment"]["title"] == SCHOOL_ASSIGNMENT_TITLE
        assert after["people"] == before["people"]
        assert after["start_date"] == before["start_date"]
        assert after["approvals"] == []
        foreign = supervisor.post(
            f"{process.path}/@replace-assignment", json={"assignment_uid": "nonsense"}
        )
        assert foreign.status_code == 400
        process.to_establishment()
        late = supervisor.post(
            f"{process.path}/@replace-assignment", json={"assignment_uid": other}
        )
        assert late.status_code == 409, late.text
        assert late.json()["error"]["code"] == "not_in_preparation"

    def test_a_correction_is_a_new_linked_form(self, process):
        process.to_assessment()
        process.fill_form("beoordelaar-1", result="unsatisfactory")
        process.fill_form("beoordelaar-2")
        original = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
        form_id = original["@id"].rsplit("/", 1)[1]
        committee = process.as_("examencie-vaart")
        assert (
            committee.post(
                f"{process.path}/@assessment-correction", json={"form": form_id}
            ).status_code
            == 400
        )
        correction = committee.post(
            f"{process.path}/@assessment-correction",
            json={"form": form_id, "decision": "Besluit EC 2027-014: herbeoordeling W1"},
        )
        assert correction.status_code == 201, correction.text
        mine = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
        assert mine["state"] == "draft"
        assert mine["corrects"] is not None
        assert mine["decision"].startswith("Besluit EC")
        # The original stays, recorded and readable.
        kept = committee.get(original["@id"].split("/plone/", 1)[1]).json()
        assert kept["scores"] == original["scores"]
        assert (
            committee.post(
                f"{process.path}/@establish-result", json={"result": "passed"}
            ).status_code
            == 409
        )
        assessor = process.as_("beoordelaar-1")
        criteria = list(mine["scores"])
        assessor.patch(
            f"{process.path}/@assessment",
            json={"scores": {c: {"result": "satisfied"} for c in criteria}},
        )
        assert assessor.post(f"{process.path}/@record-assessment", json={}).status_code == 200
        assert (
            committee.post(
                f"{process.path}/@establish-result", json={"result": "passed"}
            ).status_code
            == 200
        )
        forms = process.dossier("examencie-vaart")["forms"]
        assert len(forms) == 3
        assert "correction_created" in process.actions()

    def test_attachments_to_the_assignment(self, process, functional_portal):
        supervisor, candidate = process.as_("docent-vaart"), process.as_("student-sanne")
        before = process.dossier()["content_hash"]
        assert attach(supervisor, process.path).status_code == 201
        assert process.dossier()["content_hash"] != before
        refused = attach(candidate, process.path, "eigen.pdf")
        assert refused.status_code in (401, 403)
        process.as_("beheer-vaart").patch(
            "scholen/roc-de-vaart", json={"candidate_attachments_allowed": True}
        )
        assert attach(candidate, process.path, "eigen.pdf").status_code == 201
        process.to_establishment()
        assert attach(supervisor, process.path, "later.pdf").status_code in (401, 403)


def test_evidence_downloads_are_journaled(process):
    process.to_execution()
    created = TestExecution().evidence(process, "student-sanne")
    evidence = created.json()["@id"].split("/plone/", 1)[1]
    page = process.factory(basic_auth=("praktijk-jansen", "proeve-demo"), api=False)
    response = page.get(f"{evidence}/@@download/file")
    assert response.status_code == 200
    assert response.content == b"JPEG-bytes"
    downloads = [e for e in process.journal()["items"] if e["action"] == "evidence_downloaded"]
    assert len(downloads) == 1
    assert downloads[0]["actor"] == "praktijk-jansen"


def test_a_supplementary_assignment_needs_its_own_vaststelling(process):
    process.to_execution()
    supervisor = process.as_("docent-vaart")
    created = supervisor.post(
        process.path,
        json={
            "@type": "SupplementaryAssignment",
            "title": "Aanvulopdracht meetrapport",
            "text": {"data": "<p>Maak een meetrapport.</p>", "content-type": "text/html"},
        },
    )
    assert created.status_code == 201, created.text
    path = created.json()["@id"].split("/plone/", 1)[1]
    for login in ("docent-vaart", "beheer-vaart", "examencie-vaart"):
        assert process.as_(login).post(f"{path}/@workflow/establish").status_code >= 400
    assert process.as_("vaststeller-vaart").post(f"{path}/@workflow/establish").status_code == 200
    assert supervisor.patch(path, json={"title": "Anders"}).status_code in (401, 403)
    assert supervisor.get(path).json()["review_state"] == "established"


def test_forms_keep_their_history_and_the_recorded_version_is_journaled(process):
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    form = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
    assert form["version"] >= 1  # at least the filled-in version and the recorded one
    recorded = [e for e in process.journal()["items"] if e["action"] == "form_recorded"]
    assert recorded[0]["details"]["version"] == form["version"]
    history = process.as_("examencie-vaart").get(form["@id"].split("/plone/", 1)[1] + "/@history")
    assert history.status_code == 200
    assert len([h for h in history.json() if h.get("type") == "versioning"]) >= 2
    assert process.dossier()["assignment"]["version"] == 0


def test_opening_evidence_in_the_browser_is_journaled_too(process):
    process.to_execution()
    created = TestExecution().evidence(process, "student-sanne")
    evidence = created.json()["@id"].split("/plone/", 1)[1]
    page = process.factory(basic_auth=("beoordelaar-1", "proeve-demo"), api=False)
    assert page.get(f"{evidence}/@@display-file/file").status_code == 200
    opened = [e for e in process.journal()["items"] if e["action"] == "evidence_downloaded"]
    assert opened[-1]["actor"] == "beoordelaar-1"
    assert opened[-1]["details"]["view"] == "display-file"
    establish = [
        e
        for e in process.journal()["items"]
        if e["action"] == "transition" and e["details"]["transition"] == "establish"
    ][0]
    assert establish["details"]["assignment_version"] == 0
    assert establish["details"]["content_hash"] == process.dossier()["content_hash"]


class TestEvidenceLimit:
    def test_a_file_over_the_limit_is_refused_and_leaves_nothing(self, process, functional_portal):
        from plone import api

        api.portal.set_registry_record("proeve.evidence_max_bytes", 1000)
        transaction.commit()
        process.to_execution()
        candidate = process.as_("student-sanne")

        def post(size):
            return candidate.post(
                process.path,
                json={
                    "@type": "Evidence",
                    "title": "Video",
                    "file": {
                        "data": base64.b64encode(b"x" * size).decode(),
                        "encoding": "base64",
                        "filename": "video.mp4",
                        "content-type": "video/mp4",
                    },
                },
            )

        too_big = post(1001)
        assert too_big.status_code == 400
        assert "hoogstens" in too_big.text
        assert process.dossier()["evidence"] == []
        assert post(1000).status_code == 201
        assert len(process.dossier()["evidence"]) == 1

    def test_the_limit_holds_outside_rest_too(self, functional_portal):
        from plone import api
        from plone.dexterity.utils import createContentInContainer
        from plone.namedfile.file import NamedBlobFile
        from zExceptions import Forbidden

        api.portal.set_registry_record("proeve.evidence_max_bytes", 10)
        pvb = functional_portal.unrestrictedTraverse(
            "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"
        )
        with pytest.raises(Forbidden):
            createContentInContainer(
                pvb,
                "Evidence",
                checkConstraints=False,
                title="groot",
                file=NamedBlobFile(b"x" * 11, filename="groot.bin"),
            )
        transaction.abort()

    def test_downloads_say_nosniff(self, process):
        process.to_execution()
        created = TestExecution().evidence(process, "student-sanne")
        evidence = created.json()["@id"].split("/plone/", 1)[1]
        page = process.factory(basic_auth=("docent-vaart", "proeve-demo"), api=False)
        response = page.get(f"{evidence}/@@download/file")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")


class TestAnotherAssignmentByAnyPath:
    """A change of assignment_uid outside @replace-assignment takes the same step: a new
    frozen copy, journaled, approvals of the old copy voided; refused where that step is."""

    NEW_TITLE = SCHOOL_ASSIGNMENT_TITLE

    def replaced(self, process):
        return [e for e in process.journal()["items"] if e["action"] == "assignment_replaced"]

    def test_a_rest_patch_of_the_assignment_freezes_it_and_voids_approvals(
        self, process, functional_portal
    ):
        other = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        assert process.approve("student-sanne").status_code == 201
        before = process.dossier()
        supervisor = process.as_("docent-vaart")
        response = supervisor.patch(process.path, json={"assignment_uid": other})
        assert response.status_code == 204, response.text
        after = process.dossier()
        assert after["assignment"]["uid"] == other
        assert after["assignment"]["title"] == self.NEW_TITLE
        assert after["title"].startswith(self.NEW_TITLE)
        assert after["content_hash"] != before["content_hash"]
        assert after["approvals"] == []
        assert after["people"] == before["people"]
        assert "approval_voided" in process.actions()
        [entry] = self.replaced(process)
        assert entry["details"] == {"from": before["assignment"]["title"], "to": self.NEW_TITLE}
        # The catalog knows the new title too.
        transaction.begin()
        path = "/".join(functional_portal.getPhysicalPath()) + "/" + process.path
        [brain] = functional_portal.portal_catalog.unrestrictedSearchResults(
            path={"query": path, "depth": 0}
        )
        assert brain.Title.startswith(self.NEW_TITLE)

        # An assignment the PvB may not get: 400, nothing changes.
        foreign = supervisor.patch(process.path, json={"assignment_uid": "nonsense"})
        assert foreign.status_code == 400
        assert process.dossier()["assignment"] == after["assignment"]
        # After the preparation nobody changes it, by any path.
        process.to_establishment()
        original = functional_portal.examenbank["eerste-monteur-installatie-woning"].UID()
        late = supervisor.patch(process.path, json={"assignment_uid": original})
        assert late.status_code in (401, 403)
        assert process.dossier()["assignment"] == after["assignment"]
        assert len(self.replaced(process)) == 1

    def test_the_modified_event_after_an_edit_takes_the_same_step(self, process, functional_portal):
        from plone import api
        from zExceptions import Forbidden
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        other = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        assert process.approve("praktijk-jansen").status_code == 201
        transaction.begin()
        pvb = functional_portal.unrestrictedTraverse(process.path)
        with api.env.adopt_user(username="docent-vaart"):
            pvb.assignment_uid = other  # what the edit form's applyChanges does
            notify(ObjectModifiedEvent(pvb))
        transaction.commit()
        dossier = process.dossier()
        assert dossier["assignment"]["uid"] == other
        assert dossier["assignment"]["title"] == self.NEW_TITLE
        assert dossier["approvals"] == []
        assert len(self.replaced(process)) == 1

        # Past the preparation the same change is refused and changes nothing.
        process.to_establishment()
        transaction.begin()
        pvb = functional_portal.unrestrictedTraverse(process.path)
        original = functional_portal.examenbank["eerste-monteur-installatie-woning"].UID()
        pvb.assignment_uid = original
        with api.env.adopt_user(username="docent-vaart"), pytest.raises(Forbidden) as refused:
            notify(ObjectModifiedEvent(pvb))
        assert str(refused.value) in (
            "De opdracht kan alleen in de voorbereiding worden vervangen.",
            "The assignment can only be replaced during preparation.",
        )
        transaction.abort()
        assert process.dossier()["assignment"]["uid"] == other
        assert len(self.replaced(process)) == 1
