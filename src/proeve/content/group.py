"""Exam group: candidates of one cohort and crebo."""

from plone.dexterity.content import Container
from plone.supermodel import model
from proeve.content.fields import cohort_field
from proeve.content.fields import crebo_field
from proeve.interfaces import IExamGroup
from zope.interface import implementer


class IExamGroupSchema(model.Schema):
    qualification_cohort = cohort_field()
    crebo = crebo_field()


@implementer(IExamGroup)
class ExamGroup(Container):
    """Archiving a group hides it, and all inside, for all but the school admin."""

    @property
    def __ac_local_roles_block__(self):
        from proeve.content.utils import is_archived

        return is_archived(self)
