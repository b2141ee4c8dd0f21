"""Mijn overzicht (@@dashboard): tasks, the PvBs a person may see, filters and paging."""

from proeve.demo.users import DEMO_PASSWORD
from proeve.process.phases import PHASES
from tests.process_helpers import Process
import pytest
import re


@pytest.fixture
def page(request_factory):
    def get(login, path="@@dashboard", **params):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        return session.get(
            path, params=params, headers={"Accept": "text/html", "Accept-Language": "nl"}
        )

    return get


def rows(html):
    """(candidate, school, phase) of each row of the PvB table."""
    body = html.split('id="dashboard-table"', 1)[-1].split("</table>", 1)[0]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        found.append((cells[0], cells[2], cells[4]))
    return found


def names(html):
    return sorted(r[0] for r in rows(html))


def test_workplace_supervisor_sees_candidates_of_both_schools(page):
    response = page("praktijk-jansen")
    assert response.status_code == 200
    found = rows(response.text)
    assert {school for _name, school, _phase in found} == {"ROC De Vaart", "Noorderlicht College"}
    assert "Lotte Hoekstra" in names(response.text)
    assert "Sanne de Vries" in names(response.text)
    # Mo's PvB has no praktijkbegeleider: not his.
    assert "Mohammed El Amrani" not in names(response.text)
    tasks = re.findall(r'data-task="(\w+)"', response.text)
    assert tasks == ["approve", "approve"]


def test_candidate_sees_only_her_own_pvb_and_task(page):
    html = page("student-sanne").text
    assert names(html) == ["Sanne de Vries"]
    assert re.findall(r'data-task="(\w+)"', html) == ["approve"]
    assert "Akkoord geven" in html


def test_school_admin_of_the_other_school_sees_none_of_de_vaart(page):
    html = page("beheer-noorder").text
    assert names(html) == ["Lotte Hoekstra"]
    assert "ROC De Vaart" not in html
    assert "Er wacht nu niets op je." in html


def test_staff_see_every_pvb_of_their_school(page):
    assert names(page("docent-vaart").text) == sorted(
        [
            "Sanne de Vries",
            "Mohammed El Amrani",
            "Daan Jansen",
            "Eline Bos",
            "Finn de Boer",
            "Gijs Mulder",
            "Iris Smit",  # the keuzedeel exam
        ]
    )


def test_filter_on_school_group_and_phase(page):
    html = page("praktijk-jansen", school="noorderlicht-college").text
    assert names(html) == ["Lotte Hoekstra"]
    html = page("praktijk-jansen", group="roc-de-vaart/mei-2024-25451").text
    assert "Lotte Hoekstra" not in names(html)
    assert "Sanne de Vries" in names(html)
    html = page("docent-vaart", phase="execution").text
    assert rows(html) == [
        ("Iris Smit", "ROC De Vaart", "Uitvoering"),
        ("Eline Bos", "ROC De Vaart", "Uitvoering"),
    ]
    # Filters combine.
    html = page("praktijk-jansen", school="noorderlicht-college", phase="execution").text
    assert names(html) == []
    assert "0 PvB('s) gevonden." in html


def group_options(html):
    select = html.split('id="filter-group"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]+)"', select)


def test_each_group_of_a_school_is_a_filter_of_its_own(page):
    html = page("docent-vaart").text
    assert sorted(group_options(html)) == [
        "roc-de-vaart/keuzedeel-2024-k0080",
        "roc-de-vaart/mei-2024-25451",
    ]
    assert names(page("docent-vaart", group="roc-de-vaart/keuzedeel-2024-k0080").text) == [
        "Iris Smit"
    ]
    html = page("docent-vaart", group="roc-de-vaart/mei-2024-25451", phase="execution").text
    assert rows(html) == [("Eline Bos", "ROC De Vaart", "Uitvoering")]


def test_unknown_filter_values_are_named_not_an_error(page):
    response = page("docent-vaart", school="noorderlicht-college", phase="<b>x</b>")
    assert response.status_code == 200
    # Another school's id is not among the user's options: refused, never a way in.
    assert "Het filter &#39;noorderlicht-college&#39; is onbekend" in response.text or (
        "Het filter 'noorderlicht-college' is onbekend" in response.text
    )
    assert "<b>x</b>" not in response.text
    assert len(names(response.text)) == 7
    # A batch start that is no count is the client's error, named on the page (issue 18).
    nonsense = page("docent-vaart", b_start="nonsense")
    assert nonsense.status_code == 400
    assert "b_start moet een geheel getal van 0 of meer zijn" in nonsense.text


def add_pvbs(portal, group_path, count, code="2000", **people):
    """`count` new candidates in a group, each with a PvB in preparation (committed)."""
    from plone.dexterity.utils import createContentInContainer
    from proeve.content.snapshot import freeze_assignment
    import transaction

    group = portal.unrestrictedTraverse(group_path)
    assignment = portal["examenbank"]["eerste-monteur-installatie-woning"]
    snapshot = freeze_assignment(assignment.UID())
    for n in range(count):
        candidate = createContentInContainer(
            group,
            "Candidate",
            checkConstraints=False,
            student_code=f"{code}{n:02d}",
            first_name="Extra",
            last_name=f"Kandidaat {n:02d}",
        )
        createContentInContainer(
            candidate,
            "PvB",
            checkConstraints=False,
            assignment_uid=assignment.UID(),
            assignment_snapshot=snapshot,
            **people,
        )
    transaction.commit()


def test_paging(page, functional_portal):
    add_pvbs(
        functional_portal,
        "scholen/roc-de-vaart/mei-2024-25451",
        20,
        school_supervisor="docent-vaart",
    )
    first = page("docent-vaart").text
    second = page("docent-vaart", b_start="20").text
    assert "27 PvB(&#39;s) gevonden." in first or "27 PvB('s) gevonden." in first
    assert len(rows(first)) == 20
    assert len(rows(second)) == 7
    assert not set(names(first)) & set(names(second))
    assert "b_start:int=20" in first or "b_start=20" in first


def task_links(html):
    """(task, PvB url) of each task shown in "Wat op je wacht"."""
    body = html.split('id="dashboard-tasks"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-task="(\w+)".*?href="([^"]+)"', body, re.S)


def test_tasks_in_pages_of_20_with_their_total(page, functional_portal):
    before = task_links(page("docent-vaart").text)
    add_pvbs(
        functional_portal,
        "scholen/roc-de-vaart/mei-2024-25451",
        22,
        school_supervisor="docent-vaart",
    )
    add_pvbs(
        functional_portal,
        "scholen/noorderlicht-college/koude-2023-25462",
        3,
        code="3000",
        school_supervisor="docent-noorder",
    )
    total = len(before) + 22
    first = page("docent-vaart").text
    second = page("docent-vaart", t_start="20").text
    assert f"{total} taken in totaal." in first
    assert len(task_links(first)) == 20
    # Page 2 shows the next tasks, none of page 1, and the PvB list stays on its page.
    assert len(task_links(second)) == total - 20
    assert not set(task_links(first)) & set(task_links(second))
    assert set(task_links(first) + task_links(second)) >= set(before)
    assert rows(second) == rows(first)
    assert "t_start:int=20" in first  # the link to the next tasks
    assert "Volgende taken" in first
    assert "Vorige taken" not in first
    assert "Vorige taken" in second
    assert "t_start:int=0" in second
    # Nothing of another school: Noorderlicht's new tasks are docent-noorder's alone.
    for _task, url in task_links(first) + task_links(second):
        assert "/scholen/roc-de-vaart/" in url
    other = page("docent-noorder").text
    assert len(task_links(other)) >= 3
    assert "taken in totaal" not in other  # one page: no count, no page links
    assert all("/scholen/noorderlicht-college/" in url for _t, url in task_links(other))


def test_anonymous_is_sent_to_login(request_factory):
    session = request_factory(role="Anonymous", api=False)
    response = session.get("@@dashboard", allow_redirects=False)
    assert response.status_code in (302, 401)


def test_every_phase_has_the_title_of_its_workflow_state(functional_portal):
    workflow = functional_portal.portal_workflow["proeve_pvb_workflow"]
    assert {s: PHASES[s].default for s in PHASES} == {
        s.getId(): s.title for s in workflow.states.objectValues()
    }


def manages(html):
    """{block id: [link ids]} of the "Wat je beheert" section."""
    section = html.split('id="dashboard-manages"', 1)
    if len(section) == 1:
        return {}
    body = section[1].split("</section>", 1)[0]
    blocks = {}
    for block_id, block in re.findall(r'data-block="([^"]+)"(.*?)</nav>', body, re.S):
        blocks[block_id] = re.findall(r'data-link="([^"]+)"', block)
    return blocks


def pvbs_heading(html):
    return re.search(r'<h2 id="dashboard-pvbs-heading">([^<]*)</h2>', html).group(1)


def test_platform_admin_starts_with_the_schools_and_the_national_bank(page):
    html = page("platformbeheer").text
    assert manages(html) == {
        "platform": [
            "school-noorderlicht-college",
            "school-roc-de-vaart",
            "schools",
            "examenbank",
        ]
    }
    assert html.index('id="dashboard-manages"') < html.index('id="dashboard-tasks"')
    assert re.search(r"href=\"[^\"]*/examenbank\"", html)
    assert "Landelijke examenbank" in html


def test_school_admin_starts_with_their_school_groups_roster_bank_and_import(page):
    html = page("beheer-vaart").text
    blocks = manages(html)
    assert list(blocks) == ["school-roc-de-vaart"]
    links = blocks["school-roc-de-vaart"]
    assert links[:3] == ["school", "roster", "bank"]
    assert "group-mei-2024-25451" in links
    assert "import-mei-2024-25451" in links
    assert "/scholen/roc-de-vaart/@@team-roster" in html
    assert "/scholen/roc-de-vaart/mei-2024-25451/@@import-candidates" in html
    assert "Beheer van ROC De Vaart" in html
    # Never another school's.
    assert "noorderlicht" not in "".join(links)
    assert pvbs_heading(html) == "Mijn kandidaten"


def test_exam_committee_starts_with_results_to_establish_and_the_archive(page):
    html = page("examencie-vaart").text
    assert manages(html) == {
        "committee-roc-de-vaart": ["results-to-establish", "closed", "results-export"]
    }
    # The count is that of the results waiting for the committee ("Wat op je wacht").
    waiting = re.findall(r'data-task="(\w+)"', html).count("establish_result")
    assert f"Resultaten vast te stellen ({waiting})" in html
    assert "?school=roc-de-vaart&amp;phase=assessment" in html
    assert "/scholen/roc-de-vaart/@@results-export" in html


def test_exam_committee_counts_the_results_waiting_for_it(page, request_factory):
    process = Process(request_factory)
    process.to_assessment()
    assert "Resultaten vast te stellen (0)" in page("examencie-vaart").text  # forms not yet
    process.fill_form("beoordelaar-1")
    process.fill_form("beoordelaar-2")
    html = page("examencie-vaart").text
    assert "Resultaten vast te stellen (1)" in html
    assert re.findall(r'data-task="(\w+)"', html) == ["establish_result"]


def test_candidate_sees_my_pvb_and_the_people_of_a_pvb_manage_nothing(page):
    html = page("student-sanne").text
    assert manages(html) == {}
    assert pvbs_heading(html) == "Mijn PvB"
    for login in ("praktijk-jansen", "beoordelaar-1", "docent-vaart"):
        html = page(login).text
        assert manages(html) == {}, login
        assert pvbs_heading(html) == "Mijn kandidaten", login


def test_dashboard_titles_in_english(request_factory):
    session = request_factory(basic_auth=("student-sanne", DEMO_PASSWORD), api=False)
    html = session.get("@@dashboard", headers={"Accept": "text/html", "Accept-Language": "en"}).text
    assert pvbs_heading(html) == "My PvB"


def test_the_places_and_the_page_are_the_same_whichever_way_they_are_found(portal):
    """The filters' places and a school's or group's PvBs, from the paths or from the path
    index (for many PvBs found), and a page ranked or walked along the title index."""
    from plone import api
    from plone.dexterity.utils import createContentInContainer
    from proeve.browser import dashboard
    from proeve.browser.dashboard_places import places_of
    from proeve.browser.dashboard_places import PlacesByIndex

    # A group of the same id in the other school, with a PvB nobody but the school finds.
    with api.env.adopt_roles(["Manager"]):
        school = portal.unrestrictedTraverse("scholen/noorderlicht-college")
        twin = createContentInContainer(
            school, "ExamGroup", id="mei-2024-25451", title="Twin", checkConstraints=False
        )
        candidate = createContentInContainer(
            twin, "Candidate", checkConstraints=False, student_code="400001", last_name="Twin"
        )
        createContentInContainer(candidate, "PvB", checkConstraints=False)
    catalog = portal.portal_catalog
    table = catalog._catalog
    view = dashboard.Dashboard(portal, portal.REQUEST)
    for login in ("examencie-vaart", "praktijk-jansen", "beheer-noorder", "platformbeheer"):
        with api.env.adopt_user(username=login):
            rids = view.record_ids(table, catalog(portal_type="PvB"))
        by_paths = places_of(view, table, rids, many=len(rids) + 1)
        by_index = places_of(view, table, rids, many=0)
        assert isinstance(by_index, PlacesByIndex)
        assert by_index.places() == by_paths.places(), login
        schools = {school for school, _group in by_paths.places()}
        chosen = [(school, "") for school in schools]
        for school, group in by_paths.places():
            chosen += [("", f"{school}/{group}"), (school, f"{school}/{group}")]
            chosen += [(other, f"{school}/{group}") for other in schools - {school}]
        for school, group in chosen:
            expected = sorted(by_paths.narrow(school, group))
            assert sorted(by_index.narrow(school, group)) == expected, (login, school, group)
        index = table.getIndex("sortable_title")
        for start in (0, 3, 20):
            walked = view.first_in_title_order(table, index, rids, start)
            ranked = view.sorted_page(table, rids, start)  # few PvBs here: ranked
            assert [b.getRID() for b in walked] == [b.getRID() for b in ranked], login
            assert walked.actual_result_count == ranked.actual_result_count
        twin_place = ("noorderlicht-college", "mei-2024-25451")
        assert (twin_place in by_index.places()) == (login in ("beheer-noorder", "platformbeheer"))
