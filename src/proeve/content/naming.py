"""Ids without personal data: URLs end up in logs and links, names must not."""

# plone.app.content's interface extends plone.base's: providing it answers both lookups
# (plone.restapi asks for the former, the name chooser for the latter).
from plone.app.content.interfaces import INameFromTitle
from zope.interface import implementer
import uuid


PREFIXES = {"Candidate": "kandidaat", "PvB": "pvb", "AssessmentForm": "beoordeling"}


def neutral_name(portal_type):
    """'kandidaat-1a2b3c4d' for a Candidate, 'pvb-…' for a PvB: never a name or student code."""
    return f"{PREFIXES.get(portal_type, 'item')}-{uuid.uuid4().hex[:8]}"


@implementer(INameFromTitle)
class NeutralName:
    """The title Plone's name chooser makes the id from: a neutral_name()."""

    def __init__(self, context):
        self.title = neutral_name(context.portal_type)
