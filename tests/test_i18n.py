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


def test_the_language_negotiator_keeps_each_domains_names_normalized(portal):
    """Proeve's INegotiator answers as zope.i18n's for every domain and every kind of
    preference (exact, a regional variant, upper case, none available), and normalizes a
    domain's language names once, not on every message."""
    from proeve import language_negotiator
    from zope.component import getUtilitiesFor
    from zope.component import getUtility
    from zope.i18n import negotiator as zope_negotiator
    from zope.i18n.interfaces import INegotiator
    from zope.i18n.interfaces import ITranslationDomain
    from zope.i18n.interfaces import IUserPreferredLanguages
    from zope.interface import implementer

    assert getUtility(INegotiator) is language_negotiator.negotiator

    @implementer(IUserPreferredLanguages)
    class Prefers:
        def __init__(self, *langs):
            self.langs = list(langs)

        def getPreferredLanguages(self):  # noqa: N802 (zope.i18n's name)
            return self.langs

    ours = language_negotiator.Negotiator()
    normalized = []
    real_normalize = language_negotiator.normalize_langs

    def counting(langs):
        normalized.append(langs)
        return real_normalize(langs)

    language_negotiator.normalize_langs = counting
    try:
        domains = [domain for _, domain in getUtilitiesFor(ITranslationDomain)]
        compared = 0
        for prefs in (("nl",), ("en",), ("nl-be", "en"), ("de", "EN-gb"), ("xx",), ()):
            for domain in domains:
                langs = list(domain._catalogs.keys()) + ["pt_BR"]
                expected = zope_negotiator.negotiator.getLanguage(langs, Prefers(*prefs))
                assert ours.getLanguage(langs, Prefers(*prefs)) == expected, (prefs, domain)
                compared += expected is not None
        assert compared > 10
        assert len(normalized) == len({tuple(ls) for ls in normalized})  # each set once
    finally:
        language_negotiator.normalize_langs = real_normalize
    # A page in Dutch is still in Dutch.
    portal.REQUEST["HTTP_ACCEPT_LANGUAGE"] = "nl"
    assert translate("Proeve (uninstall)", domain="proeve", context=portal.REQUEST) == (
        "Proeve (verwijderen)"
    )
