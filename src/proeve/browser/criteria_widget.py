"""The editor of an assignment's work processes and criteria.

The form posts one structured value (the work processes as JSON in a textarea); the script
criteria-editor.js shows rows to add, remove and reorder instead, and writes the textarea on
every change. Without the script the textarea itself is the editor. The server parses and
checks the value (proeve.content.criteria); an error keeps what was posted, so the rows come
back as they were typed."""

from plone.app.z3cform.interfaces import ITextAreaWidget
from plone.app.z3cform.widgets.text import TextAreaWidget
from proeve.content.criteria import IWorkProcessesField
from proeve.content.criteria import parse_work_processes
from proeve.content.validation import FieldError
from z3c.form.converter import BaseDataConverter
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.component.hooks import getSite
from zope.interface import implementer
from zope.interface import implementer_only
import json


class IWorkProcessesWidget(ITextAreaWidget):
    """The work processes editor."""


@implementer_only(IWorkProcessesWidget)
class WorkProcessesWidget(TextAreaWidget):
    klass = "textarea-widget proeve-wp-source"

    def script_url(self):
        return f"{getSite().absolute_url()}/++resource++proeve/criteria-editor.js"

    def work_processes(self):
        """The value as a list for display (an old version's page), or None when the
        text is no list."""
        try:
            value = json.loads(self.value or "[]")
        except ValueError:
            return None
        return value if isinstance(value, list) else None


@implementer(IFieldWidget)
def WorkProcessesFieldWidget(field, request):
    return FieldWidget(field, WorkProcessesWidget(request))


@adapter(IWorkProcessesField, IWorkProcessesWidget)
class WorkProcessesConverter(BaseDataConverter):
    """JSON in the textarea, a list on the content; text that is no JSON is the field's
    error (with where it breaks off), not a 500."""

    def toWidgetValue(self, value):
        if not value:
            return "[]"
        return json.dumps(value, indent=2, ensure_ascii=False)

    def toFieldValue(self, value):
        try:
            return parse_work_processes(value)
        except FieldError as exc:
            raise FormatterValidationError(exc.doc(), value) from None
