"""Inloggen met je schoolaccount in a real browser: Proeve's login page, the school's own
OpenID Connect provider on loopback (oidc-provider-mock), and back."""

from tests import oidc
import re


A = oidc.SCHOOL_A


def sign_on_at_provider(page, portal_url, sub):
    page.goto(f"{portal_url}/login")
    page.click(f"#school-signon-{A}")
    # The provider's own page: who signs in there.
    page.fill("input[name=sub]", sub)
    page.click("button[type=submit]:has-text('Authorize')")
    page.wait_for_load_state()


def test_staff_member_signs_on_with_the_school_account(page, portal_url, school_signon):
    oidc.set_person(school_signon[A], "dirk-browser", email="docent-vaart@demo.proeve.invalid")
    sign_on_at_provider(page, portal_url, "dirk-browser")
    page.wait_for_url(re.compile(r".*/@@dashboard$"))
    assert "Dirk Docent" in page.content()


def test_unknown_person_gets_a_clear_page(page, portal_url, school_signon):
    oidc.set_person(school_signon[A], "nobody-browser", email="nobody@vaart.invalid")
    sign_on_at_provider(page, portal_url, "nobody-browser")
    refusal = page.locator("#proeve-signon-refused")
    assert refusal.get_attribute("data-code") == "signon_unknown_person"
    assert "geen account van deze school" in refusal.inner_text()
    assert page.locator("#signon-back-to-login").count() == 1
    page.goto(portal_url)
    assert "Dirk Docent" not in page.content()
