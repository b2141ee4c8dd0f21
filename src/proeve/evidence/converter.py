"""The evidence form hands the spooled upload to the blob as a file, never as bytes.

plone.formwidget.namedfile's converter reads the whole upload into memory
(`value.read()`), which for a 537 MB video means 537 MB in the Zope process. Given
the upload object itself, plone.namedfile copies it into the blob in chunks.
"""

from plone.formwidget.namedfile.converter import NamedDataConverter
from plone.formwidget.namedfile.interfaces import INamedFileWidget
from plone.namedfile.utils import safe_basename
from proeve.content.parts import IEvidenceFileField
from zope.component import adapter
import os


@adapter(IEvidenceFileField, INamedFileWidget)
class StreamingEvidenceConverter(NamedDataConverter):
    def toFieldValue(self, value):
        from plone.formwidget.namedfile import utils

        if value is None or value == "" or not utils.is_file_upload(value):
            return super().toFieldValue(value)
        action = self.widget.request.get(f"{self.widget.name}.action", None)
        upload_id = self.widget.request.get(f"{self.widget.name}.file_upload_id", None)
        if action == "nochange" and not upload_id:
            return super().toFieldValue(value)
        filename = safe_basename(value.filename)
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8")
        value.seek(0, os.SEEK_END)
        empty = value.tell() == 0
        value.seek(0)
        if empty and not filename:
            return self.field.missing_value
        return self.field._type(data=value, filename=filename)
