"""The page of an exam group and its import wizard: what each person is offered."""

from proeve import PROFILE_ID
from proeve.demo.users import DEMO_PASSWORD
import pytest
import re


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


@pytest.fixture
def page(request_factory):
    def get(login, path=GROUP):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        return session.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"})

    return get


def refused(response):
    return response.status_code in (401, 403) or "insufficient-privileges" in response.url


def test_group_page_is_the_default_view(page):
    html = page("docent-vaart").text
    assert 'id="proeve-group"' in html
    for name in ("Sanne de Vries", "Gijs Mulder"):
        assert name in html
    assert "Afgesloten" in html  # Gijs's PvB phase
    assert "Ter vaststelling" in html  # Daan's


def test_supervisor_gets_bulk_actions_import_and_export(page):
    html = page("docent-vaart").text
    assert 'id="select-all"' in html
    assert html.count('class="form-check-input candidate-select"') == 6
    assert 'id="bulk-assignment"' in html
    assert "@@group-export" in html
    assert "@@import-candidates" in html
    assert "@@results-export" not in html  # results are for the exam committee and admin


def test_exam_committee_reads_but_does_not_create(page):
    html = page("examencie-vaart").text
    assert 'id="select-all"' not in html
    assert "@@import-candidates" not in html
    assert "@@results-export" in html
    assert "@@group-export" in html


def test_school_admin_gets_everything(page):
    html = page("beheer-vaart").text
    assert 'id="select-all"' in html
    assert "@@results-export" in html


def test_other_school_cannot_reach_the_group_or_its_wizard(page):
    for path in (GROUP, f"{GROUP}/@@import-candidates"):
        response = page("beheer-noorder", path)
        assert refused(response), path
        assert "Sanne de Vries" not in response.text


def test_import_wizard_page(page):
    html = page("docent-vaart", f"{GROUP}/@@import-candidates").text
    assert "Kandidaten importeren" in html
    assert "@@import-template" in html
    assert 'for="import-file"' in html
    assert refused(page("examencie-vaart", f"{GROUP}/@@import-candidates"))


def test_english_texts(request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    headers = {"Accept": "text/html", "Accept-Language": "en"}
    html = session.get(GROUP, headers=headers).text
    assert "Create PvBs" in html
    html = session.get("@@dashboard", headers=headers).text
    assert "My overview" in html


def test_upgrade_1003_makes_the_group_page_the_default(portal):
    from plone import api

    types = portal.portal_types
    types["ExamGroup"].default_view = "view"
    types["ExamGroup"].view_methods = ("view",)
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1002")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    assert types["ExamGroup"].default_view == "group-view"
    assert portal.portal_actions.portal_tabs["proeve-dashboard"].visible


def test_the_bulk_form_offers_the_content_checker_where_the_school_checks_content(
    page, request_factory
):
    html = page("docent-vaart").text
    assert 'id="bulk-establisher"' in html
    assert 'id="bulk-content_checker"' not in html  # this school does not check content
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    setting = admin.patch("scholen/roc-de-vaart", json={"content_check_required": True})
    assert setting.status_code == 204
    html = page("docent-vaart").text
    field = html.split('for="bulk-content_checker"', 1)[1].split("</select>", 1)[0]
    assert "Inhoudelijk vaststeller" in field
    assert 'name="content_checker"' in field
    pool = re.search(r'data-pool="([^"]+)"', field).group(1)
    assert pool.endswith("/@vocabularies/proeve.roster.Establishers")  # the vaststellers'
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    found = [item["token"] for item in session.get(pool, params={"b_size": 100}).json()["items"]]
    assert "vaststeller-vaart" in found
    assert "beoordelaar-1" not in found  # only the vaststellers' pool


def pools_of(html):
    """{people field: the URL its search asks} of the group page's bulk form."""
    return dict(re.findall(r'id="bulk-(\w+)-search"[^>]*?data-pool="([^"]+)"', html))


def test_the_bulk_form_searches_the_pools_instead_of_listing_them(page):
    html = page("docent-vaart").text
    for userid in ("docent-vaart", "beoordelaar-1", "vaststeller-vaart", "praktijk-jansen"):
        assert f'value="{userid}"' not in html  # no pool on the page
    pools = pools_of(page("docent-vaart").text)
    assert sorted(pools) == sorted(
        ["school_supervisor", "workplace_supervisor", "assessor_1", "assessor_2", "establisher"]
    )
    assert pools["assessor_2"].endswith(f"{GROUP}/@vocabularies/proeve.roster.Assessors")
    for field in pools:
        assert f'for="bulk-{field}-search"' in html  # each search has its label
        assert f'for="bulk-{field}"' in html


def test_the_people_search_answers_only_those_who_may_see_the_pool(page, request_factory):
    """What the page's search asks (the pool's vocabulary on the group, by name) as several
    logins: the school's staff find the pool; whoever may not open the group is refused; a
    candidate never finds the pool's people."""
    pool = pools_of(page("docent-vaart").text)["assessor_1"]

    def search(login, title="Bakker"):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD) if login else None)
        return session.get(pool, params={"title": title, "b_size": 20, "sort_on": "title"})

    for login in ("docent-vaart", "beheer-vaart", "examencie-vaart"):
        response = search(login)
        assert response.status_code == 200, login
        assert [i["token"] for i in response.json()["items"]] == ["beoordelaar-1"], login
        assert response.json()["items"][0]["title"] == "Bea Bakker"
    for login in ("beheer-noorder", "docent-noorder", "student-lotte", None):
        response = search(login)
        assert response.status_code in (401, 403), login
        assert "Bakker" not in response.text
    for login in ("student-mo", "praktijk-jansen"):
        response = search(login, title="")
        found = [i["token"] for i in response.json().get("items", [])]
        assert response.status_code in (200, 401, 403), login
        assert not {"beoordelaar-2", "vaststeller-vaart", "docent-noorder"} & set(found), login


def establish_report(html):
    """(candidate, outcome, reason) of each row of the report of a group's vaststelling."""
    body = html.split('id="establish-group-report"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr data-outcome[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(tuple(re.sub(r"<[^>]+>", "", c).strip() for c in cells))
    return rows


def test_the_vaststeller_establishes_the_whole_group_after_a_confirmation(
    functional_portal, request_factory, page
):
    from tests.process_helpers import Process

    process = Process(request_factory)
    process.to_establishment()  # Sanne's PvB waits (and Daan's demo PvB); others are further
    uid = functional_portal.unrestrictedTraverse(GROUP).UID()
    dashboard = f"@@dashboard?group={GROUP.split('/', 1)[1]}"
    # The vaststeller sees PvBs, not groups: the action is on the dashboard, per group.
    html = page("vaststeller-vaart", dashboard).text
    button = re.search(r'<a[^>]*id="establish-group"[^>]*>', html).group(0)
    assert f"@@establish-group?group={uid}" in button
    dialog = html.split('id="establish-group-dialog"', 1)[1].split("</dialog>")[0]
    assert "geschikt zijn voor het examen" in dialog
    assert 'id="establish-group-confirm"' in dialog
    assert dialog.count("<li>") == 2
    # Nobody else gets it: not on the dashboard, not on the group page.
    for login in ("docent-vaart", "examencie-vaart"):
        assert 'id="establish-group"' not in page(login, dashboard).text
        assert 'id="establish-group"' not in page(login).text
    assert 'id="group-actions"' in page("docent-vaart").text
    # Without JavaScript: the confirmation as a page; opening it changes nothing.
    session = request_factory(basic_auth=("vaststeller-vaart", DEMO_PASSWORD), api=False)
    session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
    confirm = session.get(f"@@establish-group?group={uid}")
    assert confirm.status_code == 200
    assert "geschikt zijn voor het examen" in confirm.text
    assert process.phase() == "establishment"
    token = re.search(r'name="_authenticator" value="([^"]+)"', confirm.text).group(1)
    response = session.post("@@establish-group", data={"group": uid, "_authenticator": token})
    assert response.status_code == 200
    report = establish_report(response.text)
    established = sorted(name for name, outcome, _reason in report if outcome == "Vastgesteld")
    assert established == ["Daan Jansen", "Sanne de Vries"]
    skipped = [(o, r) for _name, o, r in report if o != "Vastgesteld"]
    assert skipped
    assert all(o == "Overgeslagen" and r.startswith("de PvB is in fase") for o, r in skipped)
    assert process.phase() == "execution"
    assert 'id="establish-group"' not in page("vaststeller-vaart", dashboard).text


def test_establishing_a_group_does_nothing_for_anyone_else(
    functional_portal, request_factory, page
):
    from tests.process_helpers import Process

    process = Process(request_factory)
    process.to_establishment()
    uid = functional_portal.unrestrictedTraverse(GROUP).UID()
    for login in ("docent-vaart", "examencie-vaart", "beheer-noorder"):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
        token = re.search(r'name="_authenticator" value="([^"]+)"', session.get(GROUP).text)
        data = {"group": uid, "_authenticator": token.group(1) if token else ""}
        response = session.post("@@establish-group", data=data)
        assert response.status_code in (200, 403)
        assert 'id="establish-group-report"' not in response.text
        if response.status_code == 200:
            assert "In deze groep wacht geen PvB op uw vaststelling." in response.text
        assert process.phase() == "establishment"
    # The vaststeller without the form token: refused.
    session = request_factory(basic_auth=("vaststeller-vaart", DEMO_PASSWORD), api=False)
    assert session.post("@@establish-group", data={"group": uid}).status_code == 403
    assert process.phase() == "establishment"


def test_the_group_service_refuses_a_draft_assignment_in_dutch_or_english(
    functional_portal, request_factory
):
    from proeve.process.establishment import NOT_ESTABLISHED

    assert NOT_ESTABLISHED == "error_establish_group_not_established"
    session = request_factory(basic_auth=("vaststeller-vaart", DEMO_PASSWORD))
    body = {"group": functional_portal.unrestrictedTraverse(GROUP).UID(), "assignment_uid": "x"}
    dutch = session.post("@establish-group", json=body, headers={"Accept-Language": "nl"})
    assert dutch.status_code == 400
    assert dutch.json()["error"]["message"].startswith("Alleen een vastgestelde opdracht")
    english = session.post("@establish-group", json=body, headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"].startswith("Only a vastgestelde")


def test_the_group_page_offers_it_to_a_vaststeller_who_may_open_the_group(
    functional_portal, request_factory, page
):
    from tests.process_helpers import Process
    import transaction

    group = functional_portal.unrestrictedTraverse(GROUP)
    daan = next(p for p in group["kandidaat-0003"].objectValues() if p.portal_type == "PvB")
    assert 'id="establish-group"' not in page("docent-vaart").text
    # The ROC-begeleider is (here) also the vaststeller of Daan's waiting PvB; its people
    # are incomplete, so the process function skips it with the reason.
    daan.establisher = "docent-vaart"
    daan.assessor_2 = None
    daan.reindexObject()
    transaction.commit()
    html = page("docent-vaart").text
    assert 'id="establish-group"' in html
    assert "geschikt zijn voor het examen" in html.split('id="establish-group-dialog"', 1)[1]
    token = re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
    data = {"group": group.UID(), "_authenticator": token}
    response = session.post("@@establish-group", data=data)
    assert establish_report(response.text) == [
        ("Daan Jansen", "Overgeslagen", "betrokkenen ontbreken of zijn niet toegestaan")
    ]
    path = "/".join(daan.getPhysicalPath()[len(functional_portal.getPhysicalPath()) :])
    assert Process(request_factory, path).phase() == "establishment"


# -- the candidates in pages, with a filter on name or login ---------------------------


def candidate_ids(html):
    """The candidates (ids) of the table shown, in their order."""
    return re.findall(r'<tr data-candidate="([^"]+)"', html)


def more_candidates(portal, count=30):
    """`count` more candidates in the demo group, 'Noor Pagina 07' and on (kandidaat-0007
    and on): with the six of the demo, more than a page."""
    from tests.process_helpers import imported_candidate

    for number in range(7, 7 + count):
        imported_candidate(portal, number, last_name=f"Pagina {number:02d}")


def get(request_factory, login, lang="nl", **params):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    return session.get(
        GROUP, params=params, headers={"Accept": "text/html", "Accept-Language": lang}
    ).text


def test_the_candidates_come_in_pages_of_25(request_factory, functional_portal):
    more_candidates(functional_portal)
    first_html = get(request_factory, "docent-vaart")
    first = candidate_ids(first_html)
    assert len(first) == 25
    assert "kandidaat-0001/" not in first_html  # Sanne and her PvB are on page 2
    # By name: Daan, Eline, Finn, Gijs, Mohammed, then Noor Pagina 07 and on.
    assert first[:6] == [f"kandidaat-{n:04d}" for n in (3, 4, 5, 6, 2, 7)]
    second_html = get(request_factory, "docent-vaart", b_start="25")
    second = candidate_ids(second_html)
    assert second == [f"kandidaat-{n:04d}" for n in range(27, 37)] + ["kandidaat-0001"]
    assert not set(first) & set(second)
    # Sanne's PvB is on her page, with its phase; the bulk form ticks this page only.
    assert "pvb-demo" in second_html
    assert second_html.count('class="form-check-input candidate-select"') == 11
    assert 'aria-label="Alle kandidaten op deze pagina kiezen"' in second_html


def test_the_batch_links_keep_the_name_filter(request_factory, functional_portal):
    more_candidates(functional_portal)
    html = get(request_factory, "beheer-vaart", q="noor")
    assert len(candidate_ids(html)) == 25
    assert "30 van de 36 kandidaten gevonden met &#x27;noor&#x27;." in html or (
        "30 van de 36 kandidaten gevonden met 'noor'." in html
    )
    links = re.findall(r'href="([^"]*b_start[^"]*)"', html)
    assert links
    assert all("q=noor" in link for link in links)
    next_page = links[0].replace("&amp;", "&").split("?", 1)[1]
    params = dict(part.split("=", 1) for part in next_page.split("&"))
    params = {key.split(":")[0]: value for key, value in params.items()}
    second = candidate_ids(get(request_factory, "beheer-vaart", **params))
    assert second == [f"kandidaat-{n:04d}" for n in range(32, 37)]


def test_the_name_filter_finds_by_name_or_login_in_either_case(request_factory):
    html = get(request_factory, "docent-vaart", q="DE VRIES")
    assert candidate_ids(html) == ["kandidaat-0001"]
    assert 'value="DE VRIES"' in html  # the field keeps what was asked
    assert "1 van de 6 kandidaten gevonden met" in html
    assert candidate_ids(get(request_factory, "docent-vaart", q="student-mo")) == ["kandidaat-0002"]
    assert candidate_ids(get(request_factory, "docent-vaart", q="An")) == [
        "kandidaat-0003",  # Daan Jansen
        "kandidaat-0002",  # Mohammed El Amrani
        "kandidaat-0001",  # Sanne de Vries
    ]


def test_the_name_filter_says_when_nobody_matches_in_dutch_or_english(request_factory):
    html = get(request_factory, "docent-vaart", q="niemand-heet-zo")
    assert candidate_ids(html) == []
    assert "Geen kandidaat gevonden met" in html
    assert 'id="bulk-submit"' not in html  # nobody to choose
    assert "Deze groep heeft nog geen kandidaten." not in html
    html = get(request_factory, "docent-vaart", lang="en", q="niemand-heet-zo")
    assert "No candidate found with" in html
    html = get(request_factory, "docent-vaart", lang="en", q="sanne")
    assert "1 of the 6 candidates found with" in html


def test_a_candidate_of_another_group_never_shows(request_factory, functional_portal):
    from plone.dexterity.utils import createContentInContainer
    import transaction

    school = functional_portal.unrestrictedTraverse("scholen/roc-de-vaart")
    other = createContentInContainer(
        school,
        "ExamGroup",
        checkConstraints=False,
        id="andere-groep",
        title="Andere groep",
        qualification_cohort="2024",
        crebo="25451",
    )
    createContentInContainer(
        other,
        "Candidate",
        checkConstraints=False,
        id="kandidaat-0001",
        student_code="100999",
        first_name="Sanne",
        last_name="Anders",
    )
    transaction.commit()
    for login in ("docent-vaart", "beheer-vaart"):
        html = get(request_factory, login, q="sanne")
        assert candidate_ids(html) == ["kandidaat-0001"]
        assert "Sanne Anders" not in html
        assert "1 van de 6 kandidaten gevonden met" in html
        assert "Sanne Anders" not in get(request_factory, login)


def test_the_bulk_form_offers_the_national_and_the_schools_assignments(page, functional_portal):
    """The assignment list (vocabulary proeve.assignments, searched in the banks): the
    national bank's and this school's bank's, of the group's crebo."""
    html = page("docent-vaart").text
    field = html.split('id="bulk-assignment"', 1)[1].split("</select>", 1)[0]
    offered = set(re.findall(r'value="([^"]+)"', field))
    national = functional_portal.unrestrictedTraverse(
        "examenbank/eerste-monteur-installatie-woning"
    )
    school = functional_portal.unrestrictedTraverse(
        "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"
    )
    assert {national.UID(), school.UID()} <= offered
    other_crebo = functional_portal.unrestrictedTraverse("examenbank/service-monteur-storing")
    assert other_crebo.UID() not in offered


def test_the_page_lists_what_a_restricted_search_finds_for_every_login(portal):
    """The group page checks the candidates and their PvBs record by record
    (listing.visible_children) instead of asking the catalog's restricted search: for every
    demo login, with and without inactive content, it finds the same records as the
    search, in the same order, also for a candidate not yet effective, one expired and a
    PvB of another group's candidate."""
    from DateTime import DateTime
    from plone import api
    from plone.dexterity.utils import createContentInContainer
    from proeve.browser.group import GroupView
    from proeve.browser.listing import sorted_by
    from proeve.browser.listing import visible_children
    from proeve.demo.users import DEMO_USERS

    group = portal.unrestrictedTraverse(GROUP)
    with api.env.adopt_roles(["Manager"]):
        later = createContentInContainer(
            group, "Candidate", checkConstraints=False, student_code="100990", last_name="Later"
        )
        later.effective_date = DateTime() + 10
        gone = createContentInContainer(
            group, "Candidate", checkConstraints=False, student_code="100991", last_name="Weg"
        )
        gone.expiration_date = DateTime() - 10
        for candidate in (later, gone):
            createContentInContainer(candidate, "PvB", checkConstraints=False)
            candidate.reindexObject()
        other = createContentInContainer(
            group.aq_parent, "ExamGroup", checkConstraints=False, id="andere", title="Andere"
        )
        stranger = createContentInContainer(
            other, "Candidate", checkConstraints=False, student_code="100992", last_name="Anders"
        )
        createContentInContainer(stranger, "PvB", checkConstraints=False)
    catalog = portal.portal_catalog
    table = catalog._catalog
    group_path = "/".join(group.getPhysicalPath())
    parents = [group_path, "/".join(stranger.getPhysicalPath())]
    seen = {}
    for login, *_rest in DEMO_USERS:
        with api.env.adopt_user(username=login):
            for inactive in (True, False):
                candidates = catalog(
                    portal_type="Candidate",
                    path={"query": group_path, "depth": 1},
                    sort_on="sortable_title",
                    show_inactive=inactive,
                )
                found = visible_children(catalog, [group_path], "Candidate", inactive)
                expected = [brain.getRID() for brain in candidates]
                assert sorted_by(table, found, "sortable_title") == expected, (login, inactive)
                paths = [brain.getPath() for brain in candidates] + parents[1:]
                pvbs = catalog(
                    portal_type="PvB", path={"query": paths, "depth": 1}, show_inactive=inactive
                )
                found = visible_children(catalog, paths, "PvB", inactive)
                assert sorted(found) == sorted(brain.getRID() for brain in pvbs), (login, inactive)
                seen[(login, inactive)] = len(expected)
            if api.user.has_permission("View", obj=group):
                view = GroupView(group, portal.REQUEST)
                view.update()
                shown = [row["id"] for row in view.candidates()]
                listed = catalog(
                    portal_type="Candidate",
                    path={"query": group_path, "depth": 1},
                    sort_on="sortable_title",
                )
                assert shown == [brain.getId for brain in listed][:25], login
                for row in view.candidates():
                    pvbs = catalog(portal_type="PvB", path=f"{group_path}/{row['id']}")
                    urls = sorted(pvb["url"] for pvb in row["pvbs"])
                    assert urls == sorted(brain.getURL() for brain in pvbs), login
    # The logins differ, and inactive content matters to some.
    assert seen[("beheer-vaart", False)] < seen[("beheer-vaart", True)]
    assert seen[("beheer-noorder", True)] == 0


def test_the_bulk_form_offers_own_assignments_of_its_candidates_and_warns_on_cohorts(portal):
    """The options come from the catalog's metadata (GroupView.assignments): an own
    assignment only when its candidate is in the group, the group's crebo only, and a
    warning for another cohort of the kwalificatiedossier."""
    from plone import api
    from plone.dexterity.utils import createContentInContainer
    from zope.component import getMultiAdapter

    group = portal.unrestrictedTraverse(GROUP)
    bank = portal.unrestrictedTraverse("scholen/roc-de-vaart/opdrachtenbank")
    with api.env.adopt_roles(["Manager"]):
        other = createContentInContainer(
            group.aq_parent, "ExamGroup", checkConstraints=False, id="andere", title="Andere"
        )
        stranger = createContentInContainer(
            other, "Candidate", checkConstraints=False, student_code="100992", last_name="Anders"
        )

        def assignment(title, **fields):
            return createContentInContainer(
                bank,
                "ExamAssignment",
                checkConstraints=False,
                title=title,
                qualification="Eerste monteur",
                **{"crebo": "25451", "qualification_cohort": 2024, **fields},
            ).UID()

        mine = assignment(
            "Eigen opdracht Sanne",
            kind="own",
            candidate_uid=group["kandidaat-0001"].UID(),
            qualification_cohort=2019,
        )
        theirs = assignment("Eigen opdracht Anders", kind="own", candidate_uid=stranger.UID())
        other_crebo = assignment(
            "Eigen opdracht ander crebo",
            kind="own",
            candidate_uid=group["kandidaat-0001"].UID(),
            crebo="25999",
        )
    from proeve.interfaces import IProeveLayer
    from zope.interface import alsoProvides

    alsoProvides(portal.REQUEST, IProeveLayer)
    with api.env.adopt_user(username="docent-vaart"):
        view = getMultiAdapter((group, portal.REQUEST), name="group-view")
        view.update()
        options = {option["value"]: option for option in view.assignments()}
    assert mine in options
    assert "2019" in options[mine]["warning"]
    assert theirs not in options
    assert other_crebo not in options
    national = portal.unrestrictedTraverse("examenbank/eerste-monteur-installatie-woning")
    assert options[national.UID()]["warning"] is None
