"""plone.restapi's @transactions on a Proeve site: refused, GET and PATCH, for every role.

Its GET lists the database's transactions (paths, user names and times of everyone's work) to
whoever may "List undoable changes"; its PATCH undoes them through the database, past
Zope's undo support. Undo is off (proeve.process.records.refuse_undo).
"""

from plone.restapi.services import Service
from proeve.process import ProcessError
from proeve.process.records import refuse_undo
from proeve.services.plone_endpoints.records import refused


class TransactionsRefused(Service):
    def reply(self):
        try:
            refuse_undo()
        except ProcessError as exc:
            return refused(self.request, exc)
