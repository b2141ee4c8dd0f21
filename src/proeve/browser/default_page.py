"""Folder contents' "set as default page" (@@fc-setDefaultPage) asks only for the right to
edit the folder: here it asks the display rule first (process.display), so a school admin
cannot make a candidate the page of a group."""

from plone.app.content.browser.contents.defaultpage import SetDefaultPageActionView
from proeve.process import ProcessError
from proeve.process.display import check_display


class SetDefaultPage(SetDefaultPageActionView):
    def __call__(self):
        try:
            check_display(self.context)
        except ProcessError as refused:
            self.errors = [refused.message]
            self.request.response.setStatus(refused.status)
            return self.message()
        return super().__call__()
