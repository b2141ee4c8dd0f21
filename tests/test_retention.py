"""Records that last: retention clocks, pseudonymisation, dossier export, access report,
and no delete or change path after vaststelling and after recording, for any role."""

from datetime import date
from proeve.demo.users import DEMO_PASSWORD
from tests.security import PERSONAS
import io
import pytest
import subprocess
import sys
import transaction
import zipfile


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
ELINE = f"{GROUP}/kandidaat-0004"  # PvB in execution, with evidence
GIJS = f"{GROUP}/kandidaat-0006"  # PvB closed, with result


@pytest.fixture
def as_user(request_factory):
    return lambda login, api=True: request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)


@pytest.fixture
def old_dossier(functional_portal):
    """Gijs finished in 2012 and got his diploma then."""
    from proeve.journal import record
    from proeve.journal.records import seal

    candidate = functional_portal.unrestrictedTraverse(GIJS)
    pvb = candidate["pvb-demo"]
    pvb.result_at = "2012-06-30T10:00:00+00:00"
    # Journaled as the result of then, or journal verification reports the changed date.
    record(pvb, "result_established", {"result": pvb.result}, sealed=seal("result", pvb))
    candidate.diploma_date = date(2012, 7, 1)
    transaction.commit()
    return candidate


def item_for(report, path):
    return next(i for i in report["items"] if i["@id"].endswith(path))


class TestRetention:
    def test_report_shows_both_clocks(self, old_dossier, as_user):
        committee = as_user("examencie-vaart")
        report = committee.get("scholen/roc-de-vaart/@retention-report").json()
        gijs = item_for(report, "kandidaat-0006")
        assert gijs["contract_until"] == "2022-06-30"
        assert gijs["inspectie_until"] == "2014-01-01"
        assert gijs["due"] is True
        assert item_for(report, "kandidaat-0001")["due"] is False
        later = committee.get(
            "scholen/roc-de-vaart/@retention-report", params={"today": "2040-01-01"}
        ).json()
        sanne = item_for(later, "kandidaat-0001")
        assert sanne["contract_passed"] is True
        assert sanne["due"] is False  # no diploma date: the Inspectie clock never started
        for login in ("docent-vaart", "beheer-noorder", "student-gijs"):
            response = as_user(login).get("scholen/roc-de-vaart/@retention-report")
            assert response.status_code in (401, 403), login

    def test_pseudonymisation_needs_a_decision_and_expired_clocks(self, old_dossier, as_user):
        committee = as_user("examencie-vaart")
        assert committee.post(f"{GIJS}/@pseudonymise", json={}).status_code == 400
        early = committee.post(
            f"{GROUP}/kandidaat-0001/@pseudonymise", json={"decision": "EC 2026-01"}
        )
        assert early.status_code == 409
        assert as_user("docent-vaart").post(
            f"{GIJS}/@pseudonymise", json={"decision": "x"}
        ).status_code in (401, 403)

        done = committee.post(f"{GIJS}/@pseudonymise", json={"decision": "Besluit EC 2026-031"})
        assert done.status_code == 200, done.text
        alias = done.json()["pseudonym"]
        admin = as_user("beheer-vaart")
        candidate = admin.get(GIJS).json()
        assert candidate["last_name"] == alias
        assert candidate["email"] is None
        found = admin.get("@search", params={"SearchableText": "Mulder"}).json()
        assert found["items_total"] == 0
        titles = admin.get("@search", params={"portal_type": "PvB", "metadata_fields": "Title"})
        assert "Mulder" not in str([i["title"] for i in titles.json()["items"]])
        pvb = admin.get(f"{GIJS}/pvb-demo/@dossier").json()
        assert alias in pvb["title"]
        assert pvb["result"]["result"] == "passed"
        assert len(pvb["forms"]) == 2
        assert as_user("platformbeheer").get("@journal-verify").json()["verified"] is True
        again = committee.post(f"{GIJS}/@pseudonymise", json={"decision": "nog eens"})
        assert again.status_code == 409


def verify_zip(data, tmp_path):
    path = tmp_path / "dossier.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "verify_dossier.py").write_bytes(archive.read("verify_dossier.py"))
    result = subprocess.run(
        [sys.executable, str(tmp_path / "verify_dossier.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout


def tampered(data, name_part):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if name_part in item.filename:
                content = bytes([content[0] ^ 1]) + content[1:]
            target.writestr(item, content)
    return out.getvalue()


def test_dossier_export_verifies_offline_and_detects_one_changed_byte(
    functional_portal, as_user, tmp_path
):
    admin = as_user("beheer-vaart", api=False)
    response = admin.get(f"{ELINE}/@@dossier-export")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    data = response.content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any("/evidence/" in n for n in names)
    assert any(n.endswith("summary.html") for n in names)
    assert any(n.endswith("journal.json") for n in names)

    code, output = verify_zip(data, tmp_path)
    assert code == 0, output
    assert response.headers["X-Manifest-SHA256"] in output

    code, output = verify_zip(tampered(data, "/evidence/"), tmp_path)
    assert code == 1
    assert "changed:" in output

    journal = as_user("examencie-vaart").get(f"{ELINE}/pvb-demo/@journal").json()
    assert journal["verified"] is True
    site = as_user("platformbeheer").get("@journal-verify").json()
    assert site["verified"] is True
    for login in ("docent-vaart", "student-eline", "praktijk-jansen"):
        refused = as_user(login, api=False).get(f"{ELINE}/@@dossier-export", allow_redirects=False)
        assert refused.status_code in (302, 401, 403), login


def test_group_export(functional_portal, as_user, tmp_path):
    response = as_user("beheer-vaart", api=False).get(f"{GROUP}/@@dossier-export")
    assert response.status_code == 200
    code, output = verify_zip(response.content, tmp_path)
    assert code == 0, output
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len({n.split("/")[0] for n in names if "/" in n}) >= 6


def test_access_report(functional_portal, as_user):
    evidence = [
        o
        for o in functional_portal.unrestrictedTraverse(f"{ELINE}/pvb-demo").objectValues()
        if o.portal_type == "Evidence"
    ][0]
    jansen = as_user("praktijk-jansen", api=False)
    path = "/".join(evidence.getPhysicalPath()).replace("/plone/", "", 1)
    assert jansen.get(f"{path}/@@download/file").status_code == 200
    report = as_user("beheer-vaart").get(f"{ELINE}/@access-report").json()
    who = {e["userid"]: e for e in report["can_see"]}
    for userid in (
        "docent-vaart",
        "beheer-vaart",
        "examencie-vaart",
        "praktijk-jansen",
        "beoordelaar-1",
        "vaststeller-vaart",
        "student-eline",
    ):
        assert userid in who, userid
    assert "beheer-noorder" not in who
    assert "student-sanne" not in who
    downloads = [a for a in report["accesses"] if a["action"] == "evidence_downloaded"]
    assert downloads[-1]["actor"] == "praktijk-jansen"


LOCKED_PATHS = {
    "execution": f"{ELINE}/pvb-demo",
    "closed": f"{GIJS}/pvb-demo",
}


@pytest.mark.parametrize("phase", sorted(LOCKED_PATHS))
@pytest.mark.parametrize("persona", sorted(p for p in PERSONAS if PERSONAS[p]))
def test_no_role_deletes_or_changes_an_established_record(
    functional_portal, request_factory, phase, persona
):
    session = request_factory(basic_auth=(PERSONAS[persona], DEMO_PASSWORD))
    pvb_path = LOCKED_PATHS[phase]
    pvb = functional_portal.unrestrictedTraverse(pvb_path)
    children = {o.getId(): o.portal_type for o in pvb.objectValues()}
    before = session.get(pvb_path).json() if session.get(pvb_path).status_code == 200 else None
    candidate = pvb_path.rsplit("/", 1)[0]
    attempts = [session.delete(pvb_path), session.delete(candidate), session.delete(GROUP)]
    attempts.append(session.patch(pvb_path, json={"exam_location": "elders"}))
    for child, portal_type in children.items():
        attempts.append(session.delete(f"{pvb_path}/{child}"))
        if portal_type == "Appointment" and phase == "execution":
            continue  # appointments are rescheduled while the exam runs; not a record yet
        attempts.append(session.patch(f"{pvb_path}/{child}", json={"title": "anders"}))
    for response in attempts:
        assert response.status_code >= 400, (response.request.method, response.url)
    transaction.begin()
    pvb = functional_portal.unrestrictedTraverse(pvb_path)
    assert {o.getId(): o.portal_type for o in pvb.objectValues()} == children
    if before is not None:
        after = session.get(pvb_path).json()
        assert after["exam_location"] == before["exam_location"]
        assert after["modified"] == before["modified"]
