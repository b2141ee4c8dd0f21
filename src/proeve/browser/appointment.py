"""Adding an appointment (++add++Appointment, the PvB page's "Afspraak toevoegen" and the
toolbar alike): Proeve's heading and message, and back to the PvB page, where the appointment
shows in its list (flagged when it falls after the desired end date).

Who may add one, and when, is the workflow's add permission; the journal entry is written by
proeve.process.subscribers.appointment_added, whichever channel made the appointment."""

from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.add import DefaultAddView
from proeve import _


class AppointmentAddForm(DefaultAddForm):
    label = _("heading_add_appointment", default="Afspraak toevoegen")
    description = _(
        "help_add_appointment",
        default="Een afspraak na de gewenste einddatum mag; de PvB-pagina laat dat zien.",
    )
    success_message = _("msg_appointment_added", default="De afspraak is toegevoegd.")

    def nextURL(self):
        # The PvB page, after saving and after cancelling alike.
        return self.context.absolute_url()


class AppointmentAddView(DefaultAddView):
    form = AppointmentAddForm
