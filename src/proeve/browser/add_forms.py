"""The add forms of Proeve's types end with Proeve's own words ("Kandidaat toegevoegd.")
instead of Plone's generic "Item aangemaakt". An appointment has its own add form
(appointment.py), which returns to the PvB page."""

from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.add import DefaultAddView
from proeve import _
from proeve.browser.pvb_form import PeopleInSchoolWords


ADDED = {
    "School": _("msg_added_school", default="School aangemaakt."),
    "ExamBank": _("msg_added_bank", default="Opdrachtenbank aangemaakt."),
    "ExamAssignment": _("msg_added_assignment", default="Opdracht aangemaakt."),
    "ExamGroup": _("msg_added_group", default="Examengroep aangemaakt."),
    "Candidate": _("msg_added_candidate", default="Kandidaat toegevoegd."),
    "PvB": _("msg_added_pvb", default="PvB aangemaakt."),
    "SupplementaryAssignment": _("msg_added_supplementary", default="Aanvulopdracht aangemaakt."),
    "Evidence": _("msg_added_evidence", default="Bewijsstuk toegevoegd."),
}


class AddForm(PeopleInSchoolWords, DefaultAddForm):
    @property
    def success_message(self):
        return ADDED.get(self.portal_type, DefaultAddForm.success_message)


class AddView(DefaultAddView):
    form = AddForm
