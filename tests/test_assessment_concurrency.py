"""Assessors at work at the same time (issue 22): what each score PATCH writes, and what
concurrent forms must not conflict on."""

from plone import api
from plone.dexterity.utils import createContentInContainer
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import pytest
import transaction


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def versions(process, form_url):
    """The form's saved versions as its history lists them: [(version, comment)]."""
    path = form_url.split("/plone/", 1)[1]
    history = process.as_("examencie-vaart").get(f"{path}/@history")
    assert history.status_code == 200, history.text
    return [(h["version"], h["comments"]) for h in history.json() if h["type"] == "versioning"]


def test_a_score_patch_keeps_one_version_with_its_comment(process):
    process.to_assessment()
    session = process.as_("beoordelaar-1")
    created = session.post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    before = versions(process, url)
    criterion = process.dossier("platformbeheer")["assignment"]["work_processes"][0]["criteria"]
    scores = {criterion[0]["id"]: {"result": "satisfied", "justification": "onderbouwing"}}
    response = session.patch(f"{process.path}/@assessment", json={"scores": scores})
    assert response.status_code == 200, response.text
    after = versions(process, url)
    assert len(after) == len(before) + 1, after
    assert (response.json()["version"], "Beoordeling bijgewerkt") in after


def first_scores(process):
    criteria = process.dossier("platformbeheer")["assignment"]["work_processes"][0]["criteria"]
    return {criteria[0]["id"]: {"result": "satisfied", "justification": "onderbouwing"}}


def test_a_form_keeps_no_empty_first_version(process):
    """Its creation is in the journal; its history starts with the first scores (issue 22:
    the empty version was a fifth of POST @assessment)."""
    process.to_assessment()
    session = process.as_("beoordelaar-1")
    created = session.post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    assert created.json()["version"] is None
    assert versions(process, url) == []
    patched = session.patch(f"{process.path}/@assessment", json={"scores": first_scores(process)})
    assert patched.status_code == 200, patched.text
    assert versions(process, url) == [(0, "Beoordeling bijgewerkt")]
    recorded = session.post(f"{process.path}/@record-assessment", json={"confirm_incomplete": True})
    assert recorded.status_code == 200, recorded.text
    assert sorted(versions(process, url)) == [(0, "Beoordeling bijgewerkt"), (1, "Vastgelegd")]


def test_a_change_by_a_content_patch_keeps_a_version_too(process):
    """Without the automatic-versioning policy, a change through plone.restapi's own PATCH
    of the form (its assessor may edit a draft) is still kept in the history."""
    process.to_assessment()
    session = process.as_("beoordelaar-1")
    url = session.post(f"{process.path}/@assessment").json()["@id"]
    path = url.split("/plone/", 1)[1]
    response = session.patch(path, json={"scores": first_scores(process)})
    assert response.status_code == 204, response.text
    assert len(versions(process, url)) == 1
    again = session.patch(path, json={"scores": {}})
    assert again.status_code == 204, again.text
    assert len(versions(process, url)) == 2


def test_upgrade_1023_takes_the_autoversion_policy_from_forms_only(process):
    repository = api.portal.get_tool("portal_repository")
    setup = api.portal.get_tool("portal_setup")
    transaction.begin()
    repository.addPolicyForContentType("AssessmentForm", "at_edit_autoversion")
    setup.setLastVersionForProfile("proeve:default", "1022")
    setup.upgradeProfile("proeve:default", dest="1023")
    assert setup.getLastVersionForProfile("proeve:default") == ("1023",)
    assert not repository.supportsPolicy(FormType(), "at_edit_autoversion")
    assert repository.supportsPolicy(FormType("ExamAssignment"), "at_edit_autoversion")
    transaction.abort()


class FormType:
    """What supportsPolicy reads of an object: its portal_type."""

    def __init__(self, portal_type="AssessmentForm"):
        self.portal_type = portal_type


def test_a_retried_conflict_is_logged_with_its_object(caplog):
    """The benchmark counts these lines; an operator sees what concurrent writers share."""
    from BTrees.IOBTree import IOBucket
    from proeve.conflicts import log_retried_conflict
    from ZODB.POSException import ConflictError
    from ZODB.utils import p64
    from ZPublisher.pubevents import PubFailure
    import logging
    import sys

    class Request(dict):
        pass

    request = Request(REQUEST_METHOD="POST", ACTUAL_URL="http://nohost/plone/pvb/@assessment")
    try:
        raise ConflictError(object=IOBucket(), oid=p64(0x25F2))
    except ConflictError:
        failure = sys.exc_info()
    with caplog.at_level(logging.INFO, logger="proeve.conflicts"):
        log_retried_conflict(PubFailure(request, failure, retry=False))
        assert caplog.messages == []  # the last try: the client gets the error, no retry
        log_retried_conflict(PubFailure(request, failure, retry=True))
    assert caplog.messages == [
        "ConflictError retried: oid 0x25f2, class BTrees.IOBTree.IOBucket, "
        "POST http://nohost/plone/pvb/@assessment"
    ]


def form_paths(found):
    return [i["@id"] for i in found.json()["items"] if i["@type"] == "AssessmentForm"]


def test_a_form_is_not_found_by_its_words(process, functional_portal):
    """A form is reached through its PvB: site search finds none, whoever asks, and the
    text index holds no word of any form (what concurrent assessors conflicted on)."""
    process.to_assessment()
    session = process.as_("beoordelaar-1")
    assert session.post(f"{process.path}/@assessment").status_code == 201
    criterion = process.dossier("platformbeheer")["assignment"]["work_processes"][0]["criteria"]
    scores = {criterion[0]["id"]: {"result": "unsatisfactory", "justification": "zwakjes"}}
    assert session.patch(f"{process.path}/@assessment", json={"scores": scores}).ok
    for login in ("beoordelaar-1", "examencie-vaart", "platformbeheer"):
        for index in ("SearchableText", "Title"):
            for words in ("Beoordeling", "beoordelaar-1", "zwakjes"):
                found = process.as_(login).get("@search", params={index: words})
                assert found.status_code == 200, found.text
                assert form_paths(found) == [], (login, index, words)
    catalog = functional_portal.portal_catalog
    forms = catalog.unrestrictedSearchResults(portal_type="AssessmentForm")
    assert forms  # the form is still in the catalog, only without words
    for name in ("SearchableText", "Title"):
        index = catalog._catalog.getIndex(name).index
        words = [index.get_words(b.getRID()) for b in forms if index.has_doc(b.getRID())]
        assert not any(words), name
    assert (
        forms[0]._unrestrictedGetObject().Title() == "Beoordeling beoordelaar-1"
    )  # as the pages show it


def test_the_upgrade_takes_the_forms_out_of_the_text_index(functional_portal):
    from proeve.upgrades.v1020 import forms_without_text
    from types import SimpleNamespace

    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    with api.env.adopt_roles(["Manager"]):
        form = createContentInContainer(
            pvb, "AssessmentForm", checkConstraints=False, assessor="beoordelaar-1", scores={}
        )
    catalog = functional_portal.portal_catalog
    rid = catalog.unrestrictedSearchResults(UID=form.UID())[0].getRID()
    for name in ("SearchableText", "Title"):  # as a form was indexed before 1020
        index = catalog._catalog.getIndex(name)
        index.index_object(rid, SimpleNamespace(**{name: "Beoordeling beoordelaar-1"}))
        old = catalog.unrestrictedSearchResults(**{name: "Beoordeling"})
        assert [b.getRID() for b in old] == [rid]
    states = catalog._catalog.getIndex("review_state")
    states.index_object(rid, SimpleNamespace(review_state="draft"))
    assert catalog.unrestrictedSearchResults(portal_type="AssessmentForm", review_state="draft")
    forms_without_text(functional_portal.portal_setup)
    assert not catalog.unrestrictedSearchResults(portal_type="AssessmentForm", review_state="draft")
    assert not catalog.unrestrictedSearchResults(SearchableText="Beoordeling")
    assert not catalog.unrestrictedSearchResults(Title="Beoordeling")
    assert catalog.unrestrictedSearchResults(UID=form.UID())


def test_a_forms_state_is_not_in_the_catalog(process, functional_portal):
    """Creating and recording forms writes no set of draft or recorded forms (concurrent
    assessors conflicted on them); the pages read a form's state from the form."""
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    catalog = functional_portal.portal_catalog
    assert catalog.unrestrictedSearchResults(portal_type="AssessmentForm")
    for state in ("draft", "recorded"):
        assert not catalog.unrestrictedSearchResults(
            portal_type="AssessmentForm", review_state=state
        )
    forms = process.dossier("examencie-vaart")["forms"]
    assert [f["state"] for f in forms] == ["recorded"]


# -- What a form writes to the catalog (issue 22) -------------------------------------------------

FORM_INDEXES = {"UID", "path", "portal_type", "getId", "id", "cmf_uid", "effectiveRange"}


def indexed(catalog, path, sync=True):
    """{index: value} of the indexes that hold the object at path (as committed)."""
    if sync:
        transaction.begin()
    rid = catalog._catalog.uids[path]
    return {name: value for name, value in catalog.getIndexDataForRID(rid).items() if value}


def test_a_form_is_cataloged_by_its_place_and_type_only(process):
    process.to_assessment()
    created = process.as_("beoordelaar-1").post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    catalog = api.portal.get_tool("portal_catalog")
    path = "/plone/" + created.json()["@id"].split("/plone/", 1)[1]
    entries = indexed(catalog, path)
    assert set(entries) <= FORM_INDEXES, sorted(set(entries) - FORM_INDEXES)
    assert {"UID", "path", "portal_type"} <= set(entries)
    # No state, dates, people or security entry; metadata alike.
    record = catalog.getMetadataForRID(catalog._catalog.uids[path])
    assert record["portal_type"] == "AssessmentForm"
    assert not record["modified"]
    assert not record["Creator"]
    assert not record["review_state"]
    # Found by UID (plone.app.uuid, resolveuid) and by an unrestricted path query.
    from plone.app.uuid.utils import uuidToObject

    form = uuidToObject(record["UID"], unrestricted=True)
    assert form is not None
    assert form.portal_type == "AssessmentForm"
    # Recording it adds no security or state entry either.
    process.fill_form("beoordelaar-1")
    assert set(indexed(catalog, path)) <= FORM_INDEXES


@pytest.mark.parametrize("login", ["platformbeheer", "examencie-vaart", "beoordelaar-1"])
def test_no_search_finds_a_form(process, login):
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    session = process.as_(login)
    found = session.get("@search", params={"portal_type": "AssessmentForm"})
    assert found.status_code == 200, found.text
    assert found.json()["items_total"] == 0
    # The form itself is there, for those who may read it, through its PvB.
    forms = process.dossier("examencie-vaart")["forms"]
    assert len(forms) == 1


def test_a_new_form_does_not_reindex_its_pvb(process):
    """Adding a form and saving its first scores is no modification of the PvB: its object,
    catalog record and date stay, only result_to_establish follows (see test_result_tasks).
    The PvB has its history id from the start (CMFEditions names it in every version of a
    form): before, the first score save registered it, which wrote the PvB (a conflict
    between the two assessors) and reindexed its whole record."""
    process.to_assessment()
    catalog = api.portal.get_tool("portal_catalog")
    path = f"/plone/{process.path}"
    transaction.begin()
    pvb = api.portal.get().unrestrictedTraverse(path)
    history_id = api.portal.get_tool("portal_historyidhandler").queryUid(pvb, None)
    assert history_id is not None
    serial = pvb._p_serial
    rid = catalog._catalog.uids[path]
    before = dict(catalog.getMetadataForRID(rid))
    session = process.as_("beoordelaar-1")
    created = session.post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    criterion = process.dossier("platformbeheer")["assignment"]["work_processes"][0]
    score = {"result": "satisfied", "justification": "onderbouwing"}
    saved = session.patch(
        f"{process.path}/@assessment",
        json={"scores": {criterion["criteria"][0]["id"]: score}},
    )
    assert saved.status_code == 200, saved.text
    transaction.begin()
    form = next(o for o in pvb.objectValues() if o.portal_type == "AssessmentForm")
    with api.env.adopt_roles(["Manager"]):
        history = api.portal.get_tool("portal_repository").getHistoryMetadata(form)
    assert history.getLength(countPurged=False) == 1  # the score save made a version
    assert history.retrieve(0)["metadata"]["sys_metadata"]["parent"]["history_id"] == (history_id)
    assert dict(catalog.getMetadataForRID(rid)) == before
    assert pvb._p_serial == serial
    assert pvb.modified() == before["modified"]


def test_upgrade_1032_gives_every_pvb_its_history_id(portal):
    handler = portal.portal_historyidhandler
    catalog = portal.portal_catalog
    pvbs = [
        b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(portal_type="PvB")
    ]
    assert pvbs
    assert all(handler.queryUid(p, None) is not None for p in pvbs)
    # PvBs from before 1032: none has one.
    for pvb in pvbs:
        handler.unregister(pvb)
    transaction.savepoint()
    assert all(handler.queryUid(p, None) is None for p in pvbs)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1031")
    setup.upgradeProfile("proeve:default", dest="1032")
    assert setup.getLastVersionForProfile("proeve:default") == ("1032",)
    ids = {handler.queryUid(p, None) for p in pvbs}
    assert None not in ids
    assert len(ids) == len(pvbs)
    for pvb in pvbs[:3]:
        found = catalog.unrestrictedSearchResults(cmf_uid=handler.queryUid(pvb))
        assert [b.getPath() for b in found] == ["/".join(pvb.getPhysicalPath())]


def test_upgrade_1022_empties_the_catalog_entries_of_existing_forms(process):
    from plone.indexer.wrapper import IndexableObjectWrapper

    process.to_assessment()
    process.fill_form("beoordelaar-1")
    catalog = api.portal.get_tool("portal_catalog")
    transaction.begin()
    pvb = api.portal.get().unrestrictedTraverse(process.path)
    form = next(o for o in pvb.objectValues() if o.portal_type == "AssessmentForm")
    path = "/".join(form.getPhysicalPath())
    # A form as the catalog held it before: every index and column.
    catalog._catalog.catalogObject(IndexableObjectWrapper(form, catalog), path)
    assert "modified" in indexed(catalog, path, sync=False)
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("proeve:default", "1021")
    setup.upgradeProfile("proeve:default", dest="1022")
    assert setup.getLastVersionForProfile("proeve:default") == ("1022",)
    assert set(indexed(catalog, path, sync=False)) <= FORM_INDEXES
    assert not catalog.getMetadataForRID(catalog._catalog.uids[path])["modified"]


@pytest.mark.parametrize("login", ["examencie-vaart", "beoordelaar-1", "student-sanne"])
def test_resolveuid_opens_no_form(process, login):
    """resolveuid finds only what a search finds for the user: a form, for nobody. Nothing in
    Proeve links to a form by its UID; its page is reached through the PvB."""
    process.to_assessment()
    created = process.as_("beoordelaar-1").post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    transaction.begin()
    path = "/plone/" + created.json()["@id"].split("/plone/", 1)[1]
    catalog = api.portal.get_tool("portal_catalog")
    uid = catalog.getMetadataForRID(catalog._catalog.uids[path])["UID"]
    page = process.factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    response = page.get(f"resolveuid/{uid}", allow_redirects=False)
    assert response.status_code == 404, (response.status_code, response.headers.get("Location"))
