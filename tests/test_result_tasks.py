"""The exam committee's "Resultaten vast te stellen" comes from the catalog index
result_to_establish (process.indexers): it follows every step that changes the rule, on
@my-tasks and on the dashboard, and the listing wakes no PvB it does not list."""

from plone import api
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from proeve.content.utils import ObjectsByPath
from proeve.demo.users import DEMO_PASSWORD
from proeve.process.assessment import create_form
from proeve.process.assessment import record_form
from proeve.process.assessment import result_to_establish
from proeve.process.indexers import RESULT_TO_ESTABLISH
from tests.process_helpers import Process
import re


COMMITTEE = "examencie-vaart"
FINN = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0005/pvb-demo"  # in assessment


def listed(request_factory, process):
    """(on @my-tasks, on the dashboard) whether the committee is asked for this result."""
    session = request_factory(basic_auth=(COMMITTEE, DEMO_PASSWORD))
    items = session.get("@my-tasks").json()["items"]
    rest = [i["task"] for i in items if i["@id"].endswith(process.path)]
    page = request_factory(basic_auth=(COMMITTEE, DEMO_PASSWORD), api=False)
    html = page.get("@@dashboard", headers={"Accept": "text/html", "Accept-Language": "nl"}).text
    count = int(re.search(r"Resultaten vast te stellen \((\d+)\)", html).group(1))
    tasks = re.findall(r'data-task="(\w+)"', html).count("establish_result")
    assert count == tasks
    return rest == ["establish_result"], count == 1


def test_results_to_establish_follow_forms_correction_and_result(request_factory):
    process = Process(request_factory)
    process.to_assessment()
    assert listed(request_factory, process) == (False, False)
    process.fill_form("beoordelaar-1")
    assert listed(request_factory, process) == (False, False)
    process.fill_form("beoordelaar-2")
    assert listed(request_factory, process) == (True, True)
    # A correction of a recorded form: the result waits for the corrected form.
    form = next(
        f for f in process.dossier(COMMITTEE)["forms"] if f["assessor"]["userid"] == "beoordelaar-1"
    )
    response = process.as_(COMMITTEE).post(
        f"{process.path}/@assessment-correction",
        json={"form": form["@id"].rsplit("/", 1)[-1], "decision": "Besluit EC 1"},
    )
    assert response.status_code == 201, response.text
    assert listed(request_factory, process) == (False, False)
    process.fill_form("beoordelaar-1")
    assert listed(request_factory, process) == (True, True)
    response = process.as_(COMMITTEE).post(
        f"{process.path}/@establish-result", json={"result": "passed", "motivation": "Goed"}
    )
    assert response.status_code == 200, response.text
    assert listed(request_factory, process) == (False, False)


def test_the_committees_tasks_wake_only_the_pvbs_they_list(request_factory, monkeypatch):
    process = Process(request_factory)
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    process.fill_form("beoordelaar-2")
    woken = []
    for name in ("getObject", "_unrestrictedGetObject"):
        original = getattr(AbstractCatalogBrain, name)

        def waking(self, *args, _original=original, **kwargs):
            woken.append(self.getPath())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(AbstractCatalogBrain, name, waking)
    original_at = ObjectsByPath.__call__

    def waking_at(self, path):
        woken.append(path)
        return original_at(self, path)

    monkeypatch.setattr(ObjectsByPath, "__call__", waking_at)
    session = request_factory(basic_auth=(COMMITTEE, DEMO_PASSWORD))
    items = session.get("@my-tasks").json()["items"]
    assert [i["task"] for i in items] == ["establish_result"]
    # Finn's PvB is in assessment too (one form recorded): not listed, so not woken.
    assert [p for p in woken if "/pvb" in p] == [f"/plone/{process.path}"]


def test_upgrade_1021_adds_and_fills_the_index_for_the_pvbs(portal):
    pvb = portal.unrestrictedTraverse(FINN)
    with api.env.adopt_user(username="beoordelaar-2"):
        form, _created = create_form(pvb)
        record_form(form, confirm_incomplete=True)
    assert result_to_establish(pvb)
    catalog = portal.portal_catalog
    catalog.delIndex(RESULT_TO_ESTABLISH)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1020")
    setup.upgradeProfile("proeve:default", dest="1021")
    assert setup.getLastVersionForProfile("proeve:default") == ("1021",)
    found = catalog.unrestrictedSearchResults(result_to_establish=True)
    assert [b.getPath() for b in found] == ["/".join(pvb.getPhysicalPath())]
    # Every PvB, and nothing else, has its value.
    pvbs = catalog.unrestrictedSearchResults(portal_type="PvB")
    assert catalog._catalog.getIndex(RESULT_TO_ESTABLISH).numObjects() == len(pvbs)


def test_the_dashboards_filters_make_no_brain_per_pvb(portal, monkeypatch):
    from Products.ZCatalog.Catalog import Catalog
    from proeve.browser.dashboard import Dashboard

    catalog = portal.portal_catalog
    view = Dashboard(portal, portal.REQUEST)
    with api.env.adopt_user(username=COMMITTEE):
        found = catalog(portal_type="PvB")
        expected = {view.place(b) for b in found} - {(None, None)}
        assert ("roc-de-vaart", "mei-2024-25451") in expected

        def no_brains(self, index):
            raise AssertionError("a brain made for the filters")

        monkeypatch.setattr(Catalog, "__getitem__", no_brains)
        assert view.places(catalog, catalog(portal_type="PvB")) == expected
