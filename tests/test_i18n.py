"""Translation catalogs: every message id has a Dutch and an English text."""

from pathlib import Path
from zope.i18n import translate
import re


LOCALES = Path(__file__).resolve().parents[1] / "src" / "proeve" / "locales"
ENTRY = re.compile(r'^msgid "(.*)"\nmsgstr "(.*)"', re.MULTILINE)


def entries(lang):
    text = (LOCALES / lang / "LC_MESSAGES" / "proeve.po").read_text(encoding="utf-8")
    return {msgid: msgstr for msgid, msgstr in ENTRY.findall(text) if msgid}


def template_ids():
    text = (LOCALES / "proeve.pot").read_text(encoding="utf-8")
    return {msgid for msgid, _ in ENTRY.findall(text) if msgid}


def test_catalogs_follow_the_template():
    for lang in ("nl", "en"):
        assert set(entries(lang)) == template_ids(), f"run `make i18n` ({lang})"


def test_every_message_has_a_dutch_and_english_text():
    for lang in ("nl", "en"):
        missing = sorted(k for k, v in entries(lang).items() if not v)
        assert missing == [], f"untranslated in {lang}: {missing}"


def test_no_fuzzy_entries():
    """gettext skips fuzzy entries: a reviewed translation carries no fuzzy flag."""
    for lang in ("nl", "en"):
        text = (LOCALES / lang / "LC_MESSAGES" / "proeve.po").read_text(encoding="utf-8")
        assert "#, fuzzy" not in text, lang


def test_dutch_catalog_is_loaded(portal):
    text = translate(
        "Proeve (uninstall)", domain="proeve", target_language="nl", context=portal.REQUEST
    )
    assert text == "Proeve (verwijderen)"


def test_dutch_texts_are_the_defaults_in_the_code():
    """The Dutch text is the default written beside each message id; a catalog entry that
    drifted from it (or was mangled by a sync, with continuation lines) is caught here."""
    text = (LOCALES / "nl" / "LC_MESSAGES" / "proeve.po").read_text(encoding="utf-8")
    drifted = []
    for block in text.split("\n\n"):
        default = re.search(r'^#\. Default: "(.*)"$', block, re.MULTILINE)
        entry = re.search(r'^msgid "(.+)"\nmsgstr "(.*)"((?:\n".*")*)$', block, re.MULTILINE)
        if default and entry and (entry.group(2) != default.group(1) or entry.group(3)):
            drifted.append(entry.group(1))
    assert drifted == []
