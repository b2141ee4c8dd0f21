"""The PvB page at tablet width and with the keyboard only."""

from proeve.demo.users import DEMO_PASSWORD


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"


def test_tablet_width_has_no_sideways_scrolling(login, page, portal_url):
    page.set_viewport_size({"width": 768, "height": 1024})
    login("student-sanne", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{PVB}")
    assert page.locator("#pvb-phases li").count() >= 5
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_approval_dialog_works_with_the_keyboard(login, page, portal_url):
    login("student-sanne", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{PVB}")
    page.focus("#pvb-approve")
    page.keyboard.press("Enter")
    dialog = page.locator("#pvb-approve-dialog")
    assert dialog.is_visible()
    # Escape closes a modal dialog without signing anything.
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.reload()
    assert "Sanne" not in page.locator("#pvb-approvals").inner_text()


def test_every_form_field_has_a_label(login, page, portal_url):
    login("student-sanne", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{PVB}")
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('.proeve-pvb input:not([type=hidden]),'
                 + ' .proeve-pvb textarea, .proeve-pvb select')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map(el => el.name)"""
    )
    assert unlabeled == []
