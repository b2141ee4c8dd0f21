"""An assignment after its vaststelling (issue 23, points 3 and 4): a new version, a copy for
a new cohort, withdrawal; and an assignment's files belong to the PvB's frozen copy, are
downloadable there, listed in @dossier and signed by the approvals."""

from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
from tests.process_helpers import SCHOOL_ASSIGNMENT
import hashlib
import io
import pytest
import re
import transaction
import zipfile


NATIONAL = "examenbank/eerste-monteur-installatie-woning"
PDF = b"%PDF-1.4 tekening meterkast"
GROUP = "scholen/roc-de-vaart/mei-2024-25451"


def add_file(assignment, data=PDF, file_id="tekening"):
    with api.env.adopt_roles(["Manager"]):
        createContentInContainer(
            assignment,
            "File",
            checkConstraints=False,
            id=file_id,
            title="Tekening",
            file=NamedBlobFile(data, filename="tekening.pdf", contentType="application/pdf"),
        )


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


@pytest.fixture
def session(functional_portal, request_factory):
    def as_(login, api=True):
        return request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)

    return as_


def state(portal, path):
    transaction.abort()  # see what the requests committed
    return api.content.get_state(portal.unrestrictedTraverse(path))


def error_code(response):
    return response.json()["error"]["code"]


# -- Point 4: the assignment's files in the frozen copy ----------------------------------


@pytest.fixture
def school_assignment_with_file(functional_portal):
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT)
    add_file(assignment)
    transaction.commit()
    return assignment


def test_replacing_the_assignment_freezes_its_files(process, school_assignment_with_file):
    uid = school_assignment_with_file.UID()
    response = process.as_("docent-vaart").post(
        f"{process.path}/@replace-assignment", json={"assignment_uid": uid}
    )
    assert response.status_code == 200, response.text
    dossier = process.dossier()
    (frozen,) = dossier["assignment"]["attachments"]
    assert frozen["sha256"] == hashlib.sha256(PDF).hexdigest()
    listed = [a for a in dossier["attachments"] if a.get("from_assignment")]
    assert [a["filename"] for a in listed] == ["tekening.pdf"]
    download = process.as_("student-sanne").get(listed[0]["download"])
    assert download.status_code == 200
    assert download.content == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    assert "attachment_downloaded" in process.actions()
    # An outsider gets nothing of it.
    other = process.as_("student-lotte").get(listed[0]["download"])
    assert other.status_code in (401, 403, 404)


def test_the_pvb_page_lists_the_assignment_file(process, school_assignment_with_file, session):
    uid = school_assignment_with_file.UID()
    process.as_("docent-vaart").post(
        f"{process.path}/@replace-assignment", json={"assignment_uid": uid}
    )
    page = session("student-sanne", api=False).get(
        SANNE_PVB, headers={"Accept": "text/html", "Accept-Language": "nl"}
    )
    assert page.status_code == 200
    assert "@@assignment-file/tekening" in page.text


def test_the_approvals_sign_the_assignment_files(functional_portal):
    """The content hash of a frozen copy changes with the assignment's files: an approval
    signs them, and another file is other content."""
    from proeve.content.snapshot import freeze_assignment
    from proeve.process.approvals import content_hash

    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT)
    pvb.assignment_snapshot = freeze_assignment(assignment.UID())
    without_file = content_hash(pvb)
    add_file(assignment)
    pvb.assignment_snapshot = freeze_assignment(assignment.UID())
    with_file = content_hash(pvb)
    assert with_file != without_file
    assignment["tekening"].file = NamedBlobFile(b"another drawing", filename="tekening.pdf")
    pvb.assignment_snapshot = freeze_assignment(assignment.UID())
    assert content_hash(pvb) not in (with_file, without_file)
    transaction.abort()


def test_a_bulk_pvb_gets_the_assignment_files(functional_portal, session):
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT)
    add_file(assignment)
    transaction.commit()
    response = session("docent-vaart").post(
        f"{GROUP}/@bulk-pvb",
        json={"assignment_uid": assignment.UID(), "candidates": ["kandidaat-0002"]},
    )
    assert response.status_code in (200, 201), response.text
    created = [e for e in response.json()["report"] if e["action"] == "created"]
    assert created, response.text
    pvb_url = created[0]["pvb"]
    dossier = session("docent-vaart").get(f"{pvb_url}/@dossier").json()
    assert [a["filename"] for a in dossier["assignment"]["attachments"]] == ["tekening.pdf"]
    assert any(a.get("from_assignment") for a in dossier["attachments"])


def test_upgrade_freezes_files_only_in_preparation(functional_portal):
    """PvBs in preparation whose assignment has files get them (and their approvals are asked
    again); PvBs past it, and those whose assignment has none, keep copy and hash."""
    from proeve.process.approvals import content_hash
    from proeve.upgrades.v1017 import freeze_files_in_preparation

    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    add_file(functional_portal.unrestrictedTraverse(NATIONAL))
    catalog = api.portal.get_tool("portal_catalog")
    pvbs = [
        b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(portal_type="PvB")
    ]
    for each in pvbs:  # as made before this change: no files in the frozen copy
        each.assignment_snapshot = {
            k: v for k, v in each.assignment_snapshot.items() if k != "attachments"
        }
    hashes = {each.UID(): content_hash(each) for each in pvbs}
    freeze_files_in_preparation(api.portal.get().portal_setup)
    assert [a["filename"] for a in pvb.assignment_snapshot["attachments"]] == ["tekening.pdf"]
    assert content_hash(pvb) != hashes[pvb.UID()]
    national_uid = functional_portal.unrestrictedTraverse(NATIONAL).UID()
    for each in pvbs:
        in_preparation = api.content.get_state(each) == "preparation"
        if each is pvb or (in_preparation and each.assignment_uid == national_uid):
            continue
        assert "attachments" not in each.assignment_snapshot
        assert content_hash(each) == hashes[each.UID()]
    transaction.abort()


# -- Point 3: new version, copy for a new cohort, withdrawal ------------------------------


def test_a_new_version_is_an_editable_draft_successor(functional_portal, session):
    national = functional_portal.unrestrictedTraverse(NATIONAL)
    response = session("platformbeheer").post(f"{NATIONAL}/@assignment-new-version")
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["review_state"] == "draft"
    assert draft["version_number"] == 2
    assert draft["predecessor_uid"] == national.UID()
    assert draft["@id"] != national.absolute_url()
    path = draft["@id"].split("/plone/", 1)[-1]
    edit = session("platformbeheer").patch(path, json={"title": "Verbeterd"})
    assert edit.status_code == 204, edit.text
    # Established again through the workflow.
    done = session("platformbeheer").post(f"{path}/@workflow/establish")
    assert done.status_code == 200, done.text
    # A second draft successor is refused while the first one exists.
    again = session("platformbeheer").post(f"{NATIONAL}/@assignment-new-version")
    assert again.status_code == 409
    assert error_code(again) == "new_version_exists"


def test_the_pvb_keeps_its_frozen_copy_after_a_new_version(functional_portal, session, process):
    before = process.dossier()["assignment"]
    response = session("platformbeheer").post(f"{NATIONAL}/@assignment-new-version")
    path = response.json()["@id"].split("/plone/", 1)[-1]
    session("platformbeheer").patch(path, json={"title": "Anders"})
    assert process.dossier()["assignment"] == before


def test_new_version_and_copy_are_refused_with_codes(functional_portal, session):
    # A school admin does not add to the national bank.
    refused = session("beheer-vaart").post(f"{NATIONAL}/@assignment-new-version")
    assert refused.status_code == 403
    assert error_code(refused) == "not_a_bank_editor"
    assert "nieuwe versie" in refused.json()["error"]["message"]
    # A draft is edited itself.
    draft = session("platformbeheer").post(f"{NATIONAL}/@assignment-new-version").json()
    path = draft["@id"].split("/plone/", 1)[-1]
    of_draft = session("platformbeheer").post(f"{path}/@assignment-new-version")
    assert of_draft.status_code == 409
    assert error_code(of_draft) == "assignment_not_established"
    bad = session("platformbeheer").post(
        f"{NATIONAL}/@assignment-copy", json={"qualification_cohort": "volgend jaar"}
    )
    assert bad.status_code == 400
    assert error_code(bad) == "invalid_cohort"
    same = session("platformbeheer").post(
        f"{NATIONAL}/@assignment-copy",
        json={
            "qualification_cohort": functional_portal.unrestrictedTraverse(
                NATIONAL
            ).qualification_cohort
        },
    )
    assert same.status_code == 400
    assert error_code(same) == "same_cohort"


def test_a_copy_for_a_new_cohort_takes_the_files_along(functional_portal, session):
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT)
    add_file(assignment)
    transaction.commit()
    response = session("beheer-vaart").post(
        f"{SCHOOL_ASSIGNMENT}/@assignment-copy", json={"qualification_cohort": 2026}
    )
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["review_state"] == "draft"
    assert copy["qualification_cohort"] == 2026
    path = copy["@id"].split("/plone/", 1)[-1]
    transaction.abort()  # see what the request committed
    obj = functional_portal.unrestrictedTraverse(path)
    assert obj.aq_parent.getId() == "opdrachtenbank"
    copied = obj["tekening"].file
    assert copied.data == PDF
    assert copied._blob is not assignment["tekening"].file._blob
    assert obj.work_processes == assignment.work_processes


def test_a_withdrawn_assignment_is_no_longer_offered(functional_portal, session, process):
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT)
    uid = assignment.UID()
    offered = session("docent-vaart", api=False).get(GROUP, headers={"Accept": "text/html"})
    assert uid in offered.text
    # Not by a ROC-begeleider; by the school admin.
    denied = session("docent-vaart").post(f"{SCHOOL_ASSIGNMENT}/@workflow/withdraw")
    assert denied.status_code in (400, 401, 403)
    done = session("beheer-vaart").post(f"{SCHOOL_ASSIGNMENT}/@workflow/withdraw")
    assert done.status_code == 200, done.text
    assert state(functional_portal, SCHOOL_ASSIGNMENT) == "withdrawn"
    # Not for a new PvB, on REST and the bulk path, each with its code.
    replaced = process.as_("docent-vaart").post(
        f"{process.path}/@replace-assignment", json={"assignment_uid": uid}
    )
    assert replaced.status_code == 400
    assert error_code(replaced) == "assignment_withdrawn"
    bulk = session("docent-vaart").post(
        f"{GROUP}/@bulk-pvb", json={"assignment_uid": uid, "candidates": ["kandidaat-0002"]}
    )
    assert bulk.status_code == 400
    assert "ingetrokken" in bulk.text
    page = session("docent-vaart", api=False).get(GROUP, headers={"Accept": "text/html"})
    assert uid not in page.text


def test_existing_pvbs_of_a_withdrawn_assignment_are_untouched(functional_portal, session, process):
    before = process.dossier()
    done = session("platformbeheer").post(f"{NATIONAL}/@workflow/withdraw")
    assert done.status_code == 200, done.text
    after = process.dossier()
    assert after["assignment"] == before["assignment"]
    assert after["content_hash"] == before["content_hash"]
    # The PvB goes on: its people still edit it and approve it.
    edit = process.as_("docent-vaart").patch(process.path, json={"exam_location": "Hal 2"})
    assert edit.status_code == 204, edit.text
    process.to_establishment()


# -- The assignment page -------------------------------------------------------------------


def token_of(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def test_the_page_offers_the_steps_to_the_bank_editor_only(functional_portal, session):
    page = session("platformbeheer", api=False).get(NATIONAL, headers={"Accept": "text/html"})
    assert page.status_code == 200
    for step in ("new_version", "copy", "withdraw"):
        assert f'id="assignment-step-{step}"' in page.text
    assert 'id="assignment-step-withdraw-dialog"' in page.text
    teacher = session("docent-vaart", api=False).get(NATIONAL, headers={"Accept": "text/html"})
    assert 'id="assignment-steps"' not in teacher.text


def test_a_new_version_through_the_page_opens_the_draft(functional_portal, session):
    browser = session("platformbeheer", api=False)
    page = browser.get(NATIONAL, headers={"Accept": "text/html"})
    answer = browser.post(
        f"{NATIONAL}/@@assignment-step",
        data={"_authenticator": token_of(page.text), "step": "new_version"},
        headers={"Accept": "text/html"},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    target = answer.headers["Location"]
    assert target.rstrip("/") != functional_portal.unrestrictedTraverse(NATIONAL).absolute_url()
    draft = browser.get(target, headers={"Accept": "text/html"})
    assert 'id="assignment-version-number"' in draft.text
    assert 'id="assignment-predecessor"' in draft.text
    # The draft is established after a confirmation (a dialog, or a page without script).
    assert 'id="assignment-step-establish-dialog"' in draft.text
    confirm = browser.get(f"{target}/@@assignment-step?step=establish")
    assert 'id="assignment-step-confirm"' in confirm.text
    assert "niet meer worden gewijzigd" in confirm.text


def test_withdrawal_through_the_page_is_confirmed_and_refused_to_others(functional_portal, session):
    teacher = session("docent-vaart", api=False)
    page = teacher.get(SCHOOL_ASSIGNMENT, headers={"Accept": "text/html"})
    refused = teacher.post(
        f"{SCHOOL_ASSIGNMENT}/@@assignment-step",
        data={"_authenticator": token_of(page.text), "step": "withdraw"},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 200
    assert state(functional_portal, SCHOOL_ASSIGNMENT) == "established"
    admin = session("beheer-vaart", api=False)
    page = admin.get(SCHOOL_ASSIGNMENT, headers={"Accept": "text/html"})
    done = admin.post(
        f"{SCHOOL_ASSIGNMENT}/@@assignment-step",
        data={"_authenticator": token_of(page.text), "step": "withdraw"},
        headers={"Accept": "text/html"},
    )
    assert done.status_code == 200
    assert state(functional_portal, SCHOOL_ASSIGNMENT) == "withdrawn"
    assert 'id="assignment-withdrawn"' in done.text


def test_the_dossier_export_holds_the_assignment_file(
    process, school_assignment_with_file, session
):
    uid = school_assignment_with_file.UID()
    process.as_("docent-vaart").post(
        f"{process.path}/@replace-assignment", json={"assignment_uid": uid}
    )
    candidate = SANNE_PVB.rsplit("/", 1)[0]
    answer = session("examencie-vaart", api=False).get(f"{candidate}/@@dossier-export")
    assert answer.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert any("/assignment-files/tekening-" in name for name in names), names


def test_the_state_menu_asks_the_same_confirmation_first(functional_portal, session):
    """Plone's state menu (content_status_modify) withdrew or established an assignment at
    once; it now shows the assignment page's confirmation first and changes nothing."""
    admin = session("beheer-vaart", api=False)
    page = admin.get(
        f"{SCHOOL_ASSIGNMENT}/content_status_modify?workflow_action=withdraw",
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 200
    assert "@@assignment-step" in page.url
    assert "niet meer aangeboden voor nieuwe" in page.text
    assert state(functional_portal, SCHOOL_ASSIGNMENT) == "established"
