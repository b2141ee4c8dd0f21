"""plone.restapi's add, edit and @workflow on Proeve content, all or nothing, and with its
refusals in Proeve's error form.

plone.restapi answers some refusals with an error body instead of raising, so the publisher
would commit whatever happened before (with ``include_children`` a transitioned object
whose child then refused). Here any error answer dooms the transaction, and its body gets a
stable code and a message in the language of the request. What these services raise
(field validation, a subscriber's refusal, no permission) is answered by errors.ErrorForm.
"""

from plone.restapi.services.content.add import FolderPost
from plone.restapi.services.content.update import ContentPatch
from plone.restapi.services.workflow.transition import WorkflowTransition as PloneTransition
from proeve import _
from proeve.process.steps import transition_refused
from proeve.services.errors import error
from proeve.services.errors import in_error_form
from proeve.services.errors import INVALID_BODY
from proeve.services.errors import translated
import transaction


NOT_ADDABLE = (
    "not_addable",
    _(
        "error_not_addable",
        default="Dit soort inhoud kan hier niet (of niet door u) worden toegevoegd.",
    ),
)
INVALID = ("invalid_body", INVALID_BODY)
LOCKED = ("locked", _("error_locked", default="Dit wordt nu door iemand anders bewerkt."))


class AllOrNothing:
    """An error answer writes nothing and is in Proeve's form; `codes` says what it means
    where plone.restapi's status alone is too vague."""

    codes = {}

    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
            result = self.in_form(result)
        return result

    def in_form(self, result):
        return in_error_form(self.request, result, self.codes)


class ContentAdd(AllOrNothing, FolderPost):
    # 400: a malformed body or a type that cannot be added here; 403: not allowed to add it.
    codes = {400: NOT_ADDABLE, 403: NOT_ADDABLE}

    def in_form(self, result):
        body = result.get("error") if isinstance(result, dict) else None
        if isinstance(body, dict) and body.get("type") == "DeserializationError":
            return in_error_form(self.request, result, {400: INVALID})
        return super().in_form(result)


class ContentUpdate(AllOrNothing, ContentPatch):
    codes = {400: INVALID, 403: LOCKED}


class WorkflowTransition(AllOrNothing, PloneTransition):
    """A refused step says why in the words of the process (proeve.process.steps), as the
    PvB page does."""

    def in_form(self, result):
        body = result.get("error") if isinstance(result, dict) else None
        malformed = isinstance(body, dict) and body.get("type") == "Bad Request"  # a date
        if self.request.response.getStatus() != 400 or malformed:
            return super().in_form(result)
        refused = transition_refused(self.context, self.transition)
        # Whatever the reason, @workflow keeps plone.restapi's documented 400.
        return error(
            self.request,
            400,
            refused.code,
            refused.message,
            **translated(refused.details, self.request),
        )
