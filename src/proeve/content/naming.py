"""Ids without personal data: URLs end up in logs and links, names must not."""

# plone.app.content's interface extends plone.base's: providing it answers both lookups
# (plone.restapi asks for the former, the name chooser for the latter).
from plone.app.content.interfaces import INameFromTitle
from zope.interface import implementer
import uuid


@implementer(INameFromTitle)
class NeutralName:
    """candidate -> 'kandidaat-1a2b3c4d', PvB -> 'pvb-…': never a name or student code."""

    prefixes = {"Candidate": "kandidaat", "PvB": "pvb", "AssessmentForm": "beoordeling"}

    def __init__(self, context):
        prefix = self.prefixes.get(context.portal_type, "item")
        self.title = f"{prefix}-{uuid.uuid4().hex[:8]}"
