"""A refused form keeps nothing of the file that came with it.

plone.formwidget.namedfile shows a refused form again (a missing title, a file over the
limit) with the upload "kept": it reads the whole file into memory and stores it as bytes
in the site's annotations, to be committed with the answer (+512 MiB in Data.fs and about
1.5 GB of memory for a file at the limit). Here the form asks for the file again instead.
"""

from plone.formwidget.namedfile.utils import is_file_upload
from plone.formwidget.namedfile.widget import NamedFileWidget
from plone.namedfile.interfaces import INamedFileField
from proeve.interfaces import IProeveLayer
from z3c.form.interfaces import IDataManager
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer


class UploadNotKeptWidget(NamedFileWidget):
    @property
    def file_upload_id(self):
        return ""

    def render(self):
        if is_file_upload(self.value):
            # Shown again, so refused: the stored file (if any) is what the form shows.
            self.value = self.stored_value()
        return super().render()

    def stored_value(self):
        if self.ignoreContext or self.field is None:
            return None
        return getMultiAdapter((self.context, self.field), IDataManager).query(None)


@adapter(INamedFileField, IProeveLayer)
@implementer(IFieldWidget)
def UploadNotKeptFieldWidget(field, request):
    return FieldWidget(field, UploadNotKeptWidget(request))
