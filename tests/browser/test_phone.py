"""On a phone too (issue 20): every role's main pages fit a 390 px wide screen.

A page wider than the screen makes people scroll sideways to reach a button or a column;
each page is opened as the role that uses it and may not be wider than the viewport.
"""

from proeve.demo.users import DEMO_PASSWORD
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001/pvb-demo"  # in preparation
ELINE = f"{GROUP}/kandidaat-0004/pvb-demo"  # in execution
FINN = f"{GROUP}/kandidaat-0005/pvb-demo"  # in assessment
GIJS = f"{GROUP}/kandidaat-0006/pvb-demo"  # closed

PAGES = {
    "student-sanne": ["@@dashboard", SANNE],
    "student-eline": [f"{ELINE}/@@upload-evidence"],
    "student-gijs": [GIJS],
    "praktijk-jansen": ["@@dashboard", SANNE],
    "docent-vaart": ["@@dashboard", GROUP, f"{GROUP}/@@import-candidates"],
    "beheer-vaart": [
        "@@dashboard",
        "scholen/roc-de-vaart",
        "scholen/roc-de-vaart/team-roster",
        f"{ELINE}/@@pvb-people",
    ],
    "vaststeller-vaart": ["@@dashboard"],
    "beoordelaar-1": ["@@dashboard", f"{FINN}/@@assessment-form"],
    "examencie-vaart": ["@@dashboard", FINN],
    "platformbeheer": ["@@dashboard"],
}
CASES = [(userid, path) for userid, paths in PAGES.items() for path in paths]


@pytest.mark.parametrize(("userid", "path"), CASES, ids=[f"{u}:{p[-30:]}" for u, p in CASES])
def test_no_sideways_scrolling_on_a_phone(login, page, portal_url, userid, path):
    page.set_viewport_size({"width": 390, "height": 844})
    login(userid, DEMO_PASSWORD)
    response = page.goto(f"{portal_url}/{path}")
    assert response.status == 200, path
    assert "insufficient-privileges" not in page.url, path
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const too_wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1
                             && getComputedStyle(e).visibility !== 'hidden'
                             && e.getClientRects().length)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                          + (e.className && typeof e.className === 'string'
                             ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
            return {scroll: document.documentElement.scrollWidth, width, too_wide};
        }"""
    )
    assert wide["scroll"] <= wide["width"], (
        f"{path} as {userid}: {wide['scroll']} px wide on a {wide['width']} px screen; "
        f"too wide: {wide['too_wide'][:10]}"
    )
