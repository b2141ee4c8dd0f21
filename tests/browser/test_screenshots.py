"""Screenshots of the pages for docs/screenshots, refreshed by `make screenshots`.

One line per page in PAGES: (file name, login, path, viewport width). Without
PROEVE_SCREENSHOTS the pages are still opened and shot (into a temporary folder), so a
page that no longer renders fails here too.
"""

from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
import os
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"

PAGES = [
    ("dashboard", "praktijk-jansen", "@@dashboard", 1280),
    ("dashboard-tablet", "docent-vaart", "@@dashboard", 768),
    ("group", "docent-vaart", GROUP, 1280),
    ("import-wizard", "docent-vaart", f"{GROUP}/@@import-candidates", 1280),
    ("pvb-page", "docent-vaart", f"{GROUP}/kandidaat-0004/pvb-demo", 1280),
    ("pvb-page-tablet", "student-eline", f"{GROUP}/kandidaat-0004/pvb-demo", 768),
    (
        "assessment-form",
        "beoordelaar-1",
        f"{GROUP}/kandidaat-0005/pvb-demo/@@assessment-form",
        1280,
    ),
]


@pytest.mark.screenshots
@pytest.mark.parametrize(("name", "userid", "path", "width"), PAGES, ids=[p[0] for p in PAGES])
def test_screenshot(login, page, portal_url, tmp_path, name, userid, path, width):
    folder = Path(os.environ.get("PROEVE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(userid, DEMO_PASSWORD)
    response = page.goto(f"{portal_url}/{path}")
    assert response.status == 200, path
    # The test server's address and the CSRF token differ per run; the picture does not.
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True, animations="disabled")
    assert (folder / f"{name}.png").stat().st_size > 0
