"""School operations in bulk: Excel/CSV import, a PvB for a whole group, Excel exports."""

from io import BytesIO
from openpyxl import load_workbook
from openpyxl import Workbook
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.process_helpers import SCHOOL_ASSIGNMENT_TITLE
import base64
import pytest
import re
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
HEADERS = ["studentcode", "voornaam", "achternaam", "e-mail", "diplomadatum"]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def as_user(request_factory):
    return lambda login, api=True: request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)


def upload(session, data, filename="kandidaten.xlsx", dry_run=False):
    return session.post(
        f"{GROUP}/@import-candidates",
        json={"file": base64.b64encode(data).decode(), "filename": filename, "dry_run": dry_run},
    )


def candidate_count(portal):
    transaction.begin()
    group = portal.unrestrictedTraverse(GROUP)
    return len([o for o in group.objectValues() if o.portal_type == "Candidate"])


class TestImport:
    ROWS = [
        ["200001", "Anna", "Akker", "anna@example.org", "2027-06-30"],
        [200002, "Bob", "Berg", None, None],
        ["200003", "Cas", "Claes", "cas@example.org", None],
    ]

    def test_template_dry_run_import_and_idempotence(self, functional_portal, as_user):
        supervisor = as_user("docent-vaart")
        template = as_user("docent-vaart", api=False).get(f"{GROUP}/@@import-template")
        assert template.status_code == 200
        header = next(load_workbook(BytesIO(template.content)).active.iter_rows(values_only=True))
        assert list(header) == [*HEADERS, "gebruikersnaam"]

        before = candidate_count(functional_portal)
        dry = upload(supervisor, xlsx(self.ROWS), dry_run=True)
        assert dry.status_code == 200, dry.text
        assert dry.json()["create"] == 3
        assert candidate_count(functional_portal) == before

        done = upload(supervisor, xlsx(self.ROWS))
        assert done.status_code == 201, done.text
        assert candidate_count(functional_portal) == before + 3

        again = upload(supervisor, xlsx(self.ROWS))
        assert again.json()["unchanged"] == 3
        assert candidate_count(functional_portal) == before + 3

        changed = upload(supervisor, xlsx([["200003", "Cas", "Claessen", "cas@example.org", None]]))
        assert changed.json()["update"] == 1
        assert candidate_count(functional_portal) == before + 3

    def test_csv_is_accepted(self, functional_portal, as_user):
        data = b"studentcode;voornaam;achternaam\n300001;Dirk;Dam\n"
        response = upload(as_user("docent-vaart"), data, filename="kandidaten.csv")
        assert response.status_code == 201, response.text

    @pytest.mark.parametrize(
        ("data", "filename", "code"),
        [
            (xlsx([["1", "A", "B"]], headers=["nummer", "naam"]), "x.xlsx", "invalid_file"),
            (b"this is no spreadsheet at all", "kandidaten.xlsx", "unreadable"),
            (b"PK\x03\x04 broken zip", "kandidaten.xlsx", "unreadable"),
            (
                xlsx([[str(400000 + i), "N", "M"] for i in range(10000)]),
                "big.xlsx",
                "too_many_rows",
            ),
        ],
    )
    def test_bad_files_change_nothing(self, functional_portal, as_user, data, filename, code):
        before = candidate_count(functional_portal)
        response = upload(as_user("docent-vaart"), data, filename)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["message"]
        assert candidate_count(functional_portal) == before

    def test_rows_with_errors_change_nothing_and_say_why(self, functional_portal, as_user):
        rows = [
            ["500001", "Eva", "Eik", "geen-mail", None],
            ["500002", "", "Fok", None, None],
            ["500003", "Gus", "Gans", None, "31-02-2027"],
            ["500004", "Hans", "Hoek", None, None],
            ["500004", "Hans", "Hoek", None, None],
            ["100231", "Sanne", "de Vries", None, None],  # exists: same group → update
            ["N-5531", "Lotte", "Hoekstra", None, None],  # other school: may be used here
        ]
        before = candidate_count(functional_portal)
        response = upload(as_user("docent-vaart"), xlsx(rows))
        assert response.status_code == 400
        report = {r["row"]: r for r in response.json()["rows"]}
        assert "ongeldig e-mailadres" in report[2]["errors"]
        assert "voornaam ontbreekt" in report[3]["errors"]
        assert any("diplomadatum" in e for e in report[4]["errors"])
        assert report[5]["action"] == "error"
        assert report[6]["action"] == "error"
        assert report[7]["action"] == "update"
        assert report[8]["action"] == "create"
        assert candidate_count(functional_portal) == before

    def test_the_school_admin_imports_logins_and_a_welcome_mail_goes_out(
        self, functional_portal, as_user, sent_mail
    ):
        headers = [*HEADERS, "gebruikersnaam"]
        rows = [
            ["500101", "Iris", "Ijzer", "iris@example.org", None, "iris.ijzer"],
            ["100231", "Sanne", "de Vries", "sanne@example.org", None, ""],
        ]
        admin = as_user("beheer-vaart")
        preview = upload(admin, xlsx(rows, headers), dry_run=True)
        assert preview.status_code == 200, preview.text
        assert preview.json()["logins_create"] == 1
        assert [r["login"] for r in preview.json()["rows"]] == ["create", None]
        done = upload(admin, xlsx(rows, headers))
        assert done.status_code == 201, done.text
        assert done.json()["welcome_mails"] == 1
        transaction.begin()
        user = functional_portal.portal_membership.getMemberById("iris.ijzer")
        assert user is not None
        assert user.getProperty("email") == "iris@example.org"
        group = functional_portal.unrestrictedTraverse(GROUP)
        (iris,) = [c for c in group.objectValues() if getattr(c, "student_code", "") == "500101"]
        assert iris.userid == "iris.ijzer"
        assert any(b"iris@example.org" in m for m in sent_mail)
        # A second import links nothing new and mails nobody.
        again = upload(admin, xlsx(rows, headers))
        assert again.json()["welcome_mails"] == 0
        assert [r["login"] for r in again.json()["rows"]] == ["linked", None]

    def test_only_the_school_admin_imports_logins(self, functional_portal, as_user):
        headers = [*HEADERS, "gebruikersnaam"]
        rows = [["500102", "Joep", "Jansen", "joep@example.org", None, "joep.j"]]
        before = candidate_count(functional_portal)
        response = upload(as_user("docent-vaart"), xlsx(rows, headers))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "logins_not_allowed"
        assert candidate_count(functional_portal) == before
        transaction.begin()
        assert functional_portal.portal_membership.getMemberById("joep.j") is None

    def test_a_login_of_someone_else_is_refused(self, functional_portal, as_user):
        headers = [*HEADERS, "gebruikersnaam"]
        rows = [
            ["500103", "Kim", "Kok", "kim@example.org", None, "docent-vaart"],
            ["500104", "Lex", "Lam", None, None, "lex.lam"],
            ["500105", "Mo", "Mol", "mo@example.org", None, "X"],
        ]
        response = upload(as_user("beheer-vaart"), xlsx(rows, headers))
        assert response.status_code == 400
        errors = [r["errors"] for r in response.json()["rows"]]
        assert errors == [
            ["de gebruikersnaam hoort bij iemand anders (ander e-mailadres)"],
            ["een gebruikersnaam vraagt om een e-mailadres"],
            ["ongeldige gebruikersnaam (3-64 tekens: a-z, 0-9, punt, streep)"],
        ]

    def test_the_report_speaks_the_language_of_the_client(self, as_user):
        rows = [["500001", "", "Eik", "geen-mail", None]]
        session = as_user("docent-vaart")
        session.headers["Accept-Language"] = "en"
        response = upload(session, xlsx(rows))
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "1 row(s) have errors; nothing was imported."
        (row,) = response.json()["rows"]
        assert row["errors"] == ["first name is missing", "invalid e-mail address"]

    def test_who_may_import(self, functional_portal, as_user):
        for login in ("examencie-vaart", "beheer-noorder", "student-sanne"):
            response = upload(as_user(login), xlsx(self.ROWS))
            assert response.status_code in (401, 403), login


class TestBulkPvB:
    def test_a_pvb_for_the_whole_group(self, functional_portal, as_user):
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        supervisor = as_user("docent-vaart")
        body = {
            "candidates": "all",
            "assignment_uid": uid,
            "exam_location": "Werkplaats",
            "start_date": "2027-02-01",
            "end_date": "2027-06-30",
            "school_supervisor": "docent-vaart",
            "workplace_supervisor": "praktijk-jansen",
            "assessor_1": "beoordelaar-1",
            "assessor_2": "beoordelaar-2",
            "establisher": "vaststeller-vaart",
        }
        dry = supervisor.post(f"{GROUP}/@bulk-pvb", json=dict(body, dry_run=True))
        assert dry.status_code == 200, dry.text
        assert dry.json()["created"] == 0
        done = supervisor.post(f"{GROUP}/@bulk-pvb", json=body)
        assert done.status_code == 201, done.text
        report = done.json()["report"]
        assert done.json()["created"] == len(report) == 6
        again = supervisor.post(f"{GROUP}/@bulk-pvb", json=body).json()
        assert again["created"] == 0
        assert {r["reason_code"] for r in again["report"]} == {"already_exists"}
        assert {r["reason"] for r in again["report"]} == {"heeft al een PvB met deze opdracht"}
        pvb = report[0]["pvb"].split("/plone/", 1)[1]
        dossier = supervisor.get(f"{pvb}/@dossier").json()
        assert dossier["assignment"]["title"] == SCHOOL_ASSIGNMENT_TITLE
        assert dossier["people"]["assessor_2"]["userid"] == "beoordelaar-2"

    def test_a_content_checker_for_the_whole_group(self, functional_portal, as_user):
        from plone import api

        admin = as_user("beheer-vaart")
        setting = admin.patch("scholen/roc-de-vaart", json={"content_check_required": True})
        assert setting.status_code == 204
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        supervisor = as_user("docent-vaart")
        # As the group page's bulk form sends it (no vaststeller yet: only the checker).
        body = {
            "candidates": ["kandidaat-0002"],
            "assignment_uid": uid,
            "school_supervisor": "docent-vaart",
            "content_checker": "vaststeller-vaart",
        }
        done = supervisor.post(f"{GROUP}/@bulk-pvb", json=body)
        assert done.status_code == 201, done.text
        pvb = done.json()["report"][0]["pvb"].split("/plone/", 1)[1]
        dossier = supervisor.get(f"{pvb}/@dossier").json()
        assert dossier["people"]["content_checker"]["userid"] == "vaststeller-vaart"
        assert dossier["people"]["establisher"] is None
        # The local role that lets them take the check, on this PvB only.
        transaction.begin()
        obj = functional_portal.unrestrictedTraverse(pvb)
        assert "Establisher" in api.user.get_roles(username="vaststeller-vaart", obj=obj)
        assert as_user("vaststeller-vaart").get(f"{pvb}/@dossier").status_code == 200
        page = as_user("docent-vaart", api=False).get(pvb, headers={"Accept": "text/html"})
        people = page.text.split('id="pvb-people"', 1)[1].split("</table>", 1)[0]
        assert re.search(r"Inhoudelijk vaststeller</th>\s*<td>Vera Vast</td>", people), people

    def test_bad_settings_change_nothing(self, functional_portal, as_user):
        supervisor = as_user("docent-vaart")
        foreign = functional_portal.scholen["roc-de-vaart"]["opdrachtenbank"]["meterkast-vervangen"]
        for body in (
            {"assignment_uid": "nonsense"},
            {"assignment_uid": foreign.UID(), "assessor_1": "beheer-noorder"},
            {"assignment_uid": foreign.UID(), "start_date": "morgen"},
            {"assignment_uid": foreign.UID(), "candidates": "some"},
        ):
            response = supervisor.post(f"{GROUP}/@bulk-pvb", json=body)
            assert response.status_code == 400, body
        transaction.begin()
        group = functional_portal.unrestrictedTraverse(GROUP)
        assert all(len(c.objectValues()) <= 1 for c in group.objectValues())

    def test_end_before_start_is_refused(self, functional_portal, as_user):
        supervisor = as_user("docent-vaart")
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        body = {"assignment_uid": uid, "start_date": "2027-06-30", "end_date": "2027-02-01"}
        response = supervisor.post(f"{GROUP}/@bulk-pvb", json=body)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["fields"] == {"end_date": "De einddatum ligt vóór de startdatum."}
        assert "einddatum ligt vóór de startdatum" in error["message"]
        transaction.begin()
        group = functional_portal.unrestrictedTraverse(GROUP)
        assert all(len(c.objectValues()) <= 1 for c in group.objectValues())

    def test_archived_candidates_are_skipped(self, functional_portal, as_user):
        admin = as_user("beheer-vaart")
        admin.post(f"{GROUP}/kandidaat-0002/@workflow/archive")
        uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
        response = admin.post(
            f"{GROUP}/@bulk-pvb",
            json={
                "candidates": ["kandidaat-0002", "kandidaat-0001", "kandidaat-9999"],
                "assignment_uid": uid,
            },
        )
        reasons = {r["candidate"]: r.get("reason_code") for r in response.json()["report"]}
        assert reasons["kandidaat-0002"] == "archived"
        assert reasons["kandidaat-9999"] == "unknown_candidate"
        assert reasons["kandidaat-0001"] is None


def test_group_and_results_exports(functional_portal, as_user):
    page = as_user("docent-vaart", api=False)
    response = page.get(f"{GROUP}/@@group-export")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("studentcode", "naam", "e-mail")
    names = {r[1] for r in rows[1:]}
    assert {"Sanne de Vries", "Gijs Mulder"} <= names
    results = as_user("examencie-vaart", api=False).get("scholen/roc-de-vaart/@@results-export")
    assert results.status_code == 200
    result_rows = list(load_workbook(BytesIO(results.content)).active.iter_rows(values_only=True))
    assert [r[2] for r in result_rows[1:]] == ["Gijs Mulder"]
    assert result_rows[1][6] == "Geslaagd"
    refused = as_user("beheer-noorder", api=False).get(
        f"{GROUP}/@@group-export", allow_redirects=False
    )
    assert refused.status_code in (302, 401, 403)
    assert as_user("docent-vaart", api=False).get(
        "scholen/roc-de-vaart/@@results-export", allow_redirects=False
    ).status_code in (302, 401, 403)
    # Exports of personal data are journaled.
    journal = as_user("platformbeheer").get("@journal-verify").json()
    assert journal["verified"] is True


def test_establish_a_vastgestelde_assignment_for_the_group_in_one_step(
    functional_portal, request_factory
):
    from tests.process_helpers import Process

    uid = functional_portal.examenbank["eerste-monteur-installatie-woning"].UID()
    group = functional_portal.unrestrictedTraverse(GROUP).UID()
    process = Process(request_factory)
    process.to_establishment()  # Sanne's PvB waits (and Daan's demo PvB); others are further
    establisher = process.as_("vaststeller-vaart")
    body = {"group": group, "assignment_uid": uid}
    refused = process.as_("docent-vaart").post("@establish-group", json=body).json()
    assert refused == {"report": [], "established": 0}
    draft = establisher.post("@establish-group", json=dict(body, assignment_uid="nonsense"))
    assert draft.status_code == 400
    done = establisher.post("@establish-group", json=body).json()
    assert done["established"] == 2  # Sanne's and the demo PvB of Daan
    reasons = {r.get("reason") for r in done["report"] if r["action"] == "skipped"}
    assert any(r and r.startswith("de PvB is in fase") for r in reasons)
    assert {r.get("reason_code") for r in done["report"] if r["action"] == "skipped"} == {
        "wrong_phase"
    }
    assert process.phase() == "execution"


def test_results_of_a_pvb_closed_without_a_result_date(functional_portal, as_user):
    """A closed PvB without result_at (closed before the date was kept, or imported) is
    exported with an empty date, not a 500 (the soak found it on the generated site)."""
    closed = [
        b._unrestrictedGetObject()
        for b in functional_portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PvB", review_state="closed"
        )
    ]
    assert closed
    for pvb in closed:
        pvb._p_activate()
        for name in ("result_at", "result_by"):
            if name in pvb.__dict__:
                delattr(pvb, name)
    transaction.commit()
    results = as_user("examencie-vaart", api=False).get("scholen/roc-de-vaart/@@results-export")
    assert results.status_code == 200
    rows = list(load_workbook(BytesIO(results.content)).active.iter_rows(values_only=True))
    assert rows[1][6] == "Geslaagd"
    assert rows[1][7] is None
    api = as_user("examencie-vaart").get("scholen/roc-de-vaart/@school-results")
    assert api.status_code == 200, api.text
    assert api.json()["items"][0]["result_date"] is None
