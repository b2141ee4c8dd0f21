"""The Excel exports open cleanly in LibreOffice (headless soffice converts them back to CSV).

.ci/run installs libreoffice-calc-nogui and sets PROEVE_REQUIRE_LIBREOFFICE=1; on a machine
without LibreOffice these tests are skipped, never silently passed in CI.
"""

from proeve.demo.users import DEMO_PASSWORD
from tests.test_export_formulas import import_candidate
from tests.test_export_formulas import LINK
import csv
import os
import pytest
import shutil
import subprocess


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def soffice():
    if SOFFICE is None:
        if os.environ.get("PROEVE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed here")
    return SOFFICE


def as_csv(soffice, data, tmp_path, name):
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(data)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        env=dict(os.environ, HOME=str(tmp_path)),
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with open(tmp_path / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def fetch(request_factory, login, path):
    response = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False).get(path)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    return response.content


def test_group_export_opens_in_libreoffice(soffice, request_factory, tmp_path):
    rows = as_csv(
        soffice,
        fetch(request_factory, "docent-vaart", f"{GROUP}/@@group-export"),
        tmp_path,
        "groep",
    )
    text = "\n".join(",".join(r) for r in rows)
    assert "Sanne" in text
    assert "Gijs" in text
    assert len(rows) >= 7  # a header and the six demo candidates


def test_results_export_opens_in_libreoffice(soffice, request_factory, tmp_path):
    data = fetch(request_factory, "examencie-vaart", "scholen/roc-de-vaart/@@results-export")
    rows = as_csv(soffice, data, tmp_path, "resultaten")
    assert any("100236" in cell for row in rows for cell in row)  # Gijs, closed PvB


def test_import_template_opens_in_libreoffice(soffice, request_factory, tmp_path):
    data = fetch(request_factory, "beheer-vaart", f"{GROUP}/@@import-template")
    rows = as_csv(soffice, data, tmp_path, "sjabloon")
    assert rows[0][:3] == ["studentcode", "voornaam", "achternaam"]


def test_a_formula_in_a_name_stays_text_in_libreoffice(
    soffice, functional_portal, request_factory, tmp_path
):
    """An imported =HYPERLINK(…) is shown as the text it is, not as a link called Klik."""
    import_candidate(request_factory, LINK)
    data = fetch(request_factory, "docent-vaart", f"{GROUP}/@@group-export")
    rows = as_csv(soffice, data, tmp_path, "formule")
    assert [f"{LINK} Pol"] == [cell for row in rows for cell in row if "Pol" in cell]
