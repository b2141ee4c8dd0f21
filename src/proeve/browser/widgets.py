"""Date and time fields shown (display mode) the one way pages write them (proeve.dates);
Plone's widgets write the locale's short form (15-2-27). Entry stays the browser's picker."""

from plone.app.z3cform.widgets.datetime import DatetimeWidget
from plone.app.z3cform.widgets.datetime import DateWidget
from proeve.dates import format_date
from proeve.dates import format_datetime
from z3c.form.interfaces import IDataConverter
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import getMultiAdapter
from zope.interface import implementer


class ProeveDisplay:
    def render(self):
        if self.mode != "display":
            return super().render()
        if not self.value:
            return ""
        value = getMultiAdapter((self.field, self), IDataConverter).toFieldValue(self.value)
        if value is self.field.missing_value:
            return ""
        return self.format(value)


class ProeveDateWidget(ProeveDisplay, DateWidget):
    format = staticmethod(format_date)


class ProeveDatetimeWidget(ProeveDisplay, DatetimeWidget):
    format = staticmethod(format_datetime)


@implementer(IFieldWidget)
def DateFieldWidget(field, request):
    return FieldWidget(field, ProeveDateWidget(request))


@implementer(IFieldWidget)
def DatetimeFieldWidget(field, request):
    return FieldWidget(field, ProeveDatetimeWidget(request))
