"""Which language a message is translated into, without normalizing every language each time.

zope.i18n's negotiator compares the user's preferred languages with the languages a
translation domain has, and for that normalizes the domain's language names (lower case,
`-` for `_`) on every translate call: Plone's domain has 64, and normalizing them is 13 of
the 18 µs a negotiation costs, and a published group page negotiates about 120 times
(Chameleon hands most messages their language; the rest ask here). This negotiator
keeps the normalized names per set of language names (they change only when message catalogs
are registered, at start-up) and asks the user's preferred languages on every call, as
zope.i18n does: Plone settles them while it traverses to the page.

Registered in overrides.zcml as the INegotiator utility, in place of zope.i18n's (ZPublisher
registers that one; it keeps no state, nor does this one, apart from the names).
"""

from zope.i18n.interfaces import INegotiator
from zope.i18n.interfaces import IUserPreferredLanguages
from zope.i18n.negotiator import normalize_langs
from zope.interface import implementer


# Sets of language names kept (a process has one per translation domain with other
# languages; a bound, so that nothing can grow it without end).
KEPT = 256


@implementer(INegotiator)
class Negotiator:
    def __init__(self):
        self._available = {}

    def getLanguage(self, langs, env):  # noqa: N802 (zope.i18n's name)
        """The first of the user's languages that `langs` has (or its main language, `nl`
        for `nl-be`), in the spelling of `langs`; None when there is none."""
        available = self.normalized(langs)
        for wanted in IUserPreferredLanguages(env).getPreferredLanguages():
            found = available.get(wanted)
            if found is None and "-" in wanted:
                found = available.get(wanted.split("-", 1)[0])
            if found is not None:
                return found
        return None

    def normalized(self, langs):
        """{normalized name: name as given} of these languages."""
        key = tuple(langs)
        available = self._available.get(key)
        if available is None:
            available = normalize_langs(key)
            if len(self._available) < KEPT:
                self._available[key] = available
        return available


negotiator = Negotiator()
