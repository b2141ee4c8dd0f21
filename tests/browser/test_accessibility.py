"""Proeve's frame and WCAG 2.1 AA on the main pages, checked by axe-core in a real browser.

Each page is opened as the role that uses it, at desktop and at phone width; axe-core may
find no serious or critical violation, Plone's own frame (header, toolbar, footer) included.
"""

from axe_playwright_python.sync_playwright import Axe
from proeve.demo.users import DEMO_PASSWORD
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001/pvb-demo"
FINN = f"{GROUP}/kandidaat-0005/pvb-demo"

# (name, login or None for anonymous, path, an element that proves the page is the one meant)
PAGES = [
    ("login", None, "login", "#login-form"),
    ("dashboard", "docent-vaart", "@@dashboard", "#content"),
    ("pvb", "student-sanne", SANNE, "#pvb-phases"),
    ("group", "docent-vaart", GROUP, "#content"),
    ("import", "docent-vaart", f"{GROUP}/@@import-candidates", "#content"),
    ("roster", "beheer-vaart", "scholen/roc-de-vaart/team-roster", "#content"),
    ("assessment", "beoordelaar-1", f"{FINN}/@@assessment-form", "#content"),
    ("journal", "examencie-vaart", FINN, "#pvb-journal"),
]
WIDTHS = [1280, 390]
# WCAG 2.1 A and AA; serious and critical findings fail the test.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}


def serious_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(targets)} elements): "
            + ", ".join(targets[:8])
        )
    return "\n".join(lines)


def open_as(login, page, portal_url, userid, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    if userid:
        login(userid, DEMO_PASSWORD)
    response = page.goto(f"{portal_url}/{path}")
    assert response.status == 200, path
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "userid", "path", "marker"), PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_axe_violation(login, page, portal_url, name, userid, path, marker, width):
    open_as(login, page, portal_url, userid, path, width)
    assert page.locator(marker).count() > 0, f"{name}: {marker} missing"
    violations = serious_violations(page)
    assert violations == [], f"{name} at {width} px:\n{describe(violations)}"


# Best practices beyond WCAG that Plone's frame broke: unnamed duplicate landmarks, toolbar
# entries outside any landmark, a section with role=toolbar.
FRAME_RULES = ["landmark-unique", "region", "aria-allowed-role"]


@pytest.mark.parametrize(("userid", "path"), [("student-sanne", SANNE), ("docent-vaart", GROUP)])
def test_the_frames_landmarks_are_named_and_hold_the_toolbar(login, page, portal_url, userid, path):
    open_as(login, page, portal_url, userid, path, 1280)
    options = {"runOnly": {"type": "rule", "values": FRAME_RULES}}
    violations = Axe().run(page, options=options).response["violations"]
    assert violations == [], describe(violations)


def test_tab_reaches_the_skip_link_first_and_enter_moves_to_the_content(login, page, portal_url):
    open_as(login, page, portal_url, "student-sanne", SANNE, 1280)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
    page.keyboard.press("Enter")
    inside_content = page.evaluate(
        "!!document.activeElement.closest('#content, main, #main-container')"
        " && document.activeElement !== document.body"
    )
    assert inside_content


def test_the_focus_ring_is_clearly_visible(login, page, portal_url):
    open_as(login, page, portal_url, "student-sanne", SANNE, 1280)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert outline[0] != "none"
    assert outline[1] >= 2


def test_every_page_carries_proeves_name_and_no_plone_footer(page, portal_url):
    page.goto(f"{portal_url}/login")
    logo = page.locator("#portal-logo")
    assert "Proeve" in (logo.get_attribute("title") or "") + logo.inner_text() + (
        logo.locator("img").get_attribute("alt") or ""
    )
    assert "logo.svg" in logo.locator("img").get_attribute("src")
    footer = page.locator("#portal-footer-wrapper").inner_text()
    assert "Plone" not in footer
    assert "Proeve" in footer


def test_a_pvb_page_names_its_school(login, page, portal_url):
    open_as(login, page, portal_url, "student-sanne", SANNE, 1280)
    assert "ROC De Vaart" in page.locator("#proeve-school-name").inner_text()
    page.goto(f"{portal_url}/@@dashboard")
    assert page.locator("#proeve-school-name").count() == 0


def toolbar_text(page):
    # text_content: also the entries inside the closed menus (Acties, Weergave, ...).
    toolbar = page.locator("#edit-zone")
    return toolbar.text_content() if toolbar.count() else ""


@pytest.mark.parametrize("userid", ["student-sanne", "praktijk-jansen", "beoordelaar-1"])
def test_the_toolbar_of_candidates_and_assessors_has_no_cms_controls(
    login, page, portal_url, userid
):
    path = FINN if userid == "beoordelaar-1" else SANNE
    open_as(login, page, portal_url, userid, path, 1280)
    text = toolbar_text(page)
    for control in ("Weergave", "URL-beheer", "Nieuw", "Status", "Inhoud"):
        assert control not in text, f"{userid} sees {control}"
    # Their own menu (Mijn overzicht, Uitloggen) stays.
    assert "Uitloggen" in page.locator("#portal-membertools").text_content()


def test_the_platform_admin_keeps_the_cms_controls(login, page, portal_url):
    open_as(login, page, portal_url, "platformbeheer", SANNE, 1280)
    text = toolbar_text(page)
    assert "Weergave" in text
    assert "URL-beheer" in text
