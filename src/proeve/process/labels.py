"""What the journal's entries are called, on the page and over REST alike (one source).

A workflow step's entry names the step and the state it led to: a phase of a PvB, or the
state of a form, an aanvulopdracht or an archived record, each in the words of its workflow.
"""

from proeve import _
from proeve.process.phases import PHASES
from proeve.process.phases import transition_title


# The states of the other workflows (the PvB's phases are in PHASES).
STATES = {
    **PHASES,
    "draft": _("state_draft", default="Concept"),
    "recorded": _("state_recorded", default="Vastgelegd"),
    "established": _("state_established", default="Vastgesteld"),
    "withdrawn": _("state_withdrawn", default="Ingetrokken"),
    "active": _("state_active", default="Actief"),
    "archived": _("state_archived", default="Gearchiveerd"),
    "planned": _("state_planned", default="Gepland"),
}

JOURNAL_ACTIONS = {
    "approved": _("journal_approved", default="akkoord gegeven"),
    "approval_voided": _("journal_approval_voided", default="akkoord vervallen"),
    "approvals_cleared": _("journal_approvals_cleared", default="akkoorden vervallen"),
    "transition": _("journal_transition", default="fase gewijzigd"),
    "people_changed": _("journal_people_changed", default="betrokkenen gewijzigd"),
    "assignment_replaced": _("journal_assignment_replaced", default="opdracht vervangen"),
    "attachment_added": _("journal_attachment_added", default="bijlage toegevoegd"),
    "evidence_uploaded": _("journal_evidence_uploaded", default="bewijsstuk toegevoegd"),
    "record_sealed": _("journal_record_sealed", default="inhoud vastgelegd in het journaal"),
    "evidence_replaced": _("journal_evidence_replaced", default="bewijsstuk vervangen"),
    "evidence_downloaded": _("journal_evidence_downloaded", default="bewijsstuk geopend"),
    "attachment_downloaded": _("journal_attachment_downloaded", default="bijlage geopend"),
    "form_created": _("journal_form_created", default="beoordeling begonnen"),
    "form_recorded": _("journal_form_recorded", default="beoordeling vastgelegd"),
    "result_established": _("journal_result_established", default="resultaat vastgesteld"),
    "dossier_exported": _("journal_dossier_exported", default="dossier geëxporteerd"),
    "exported": _("journal_exported", default="geëxporteerd"),
    "pseudonymised": _("journal_pseudonymised", default="gepseudonimiseerd"),
    "candidate_pseudonymised": _(
        "journal_candidate_pseudonymised", default="kandidaat gepseudonimiseerd"
    ),
    "paused": _("journal_paused", default="gepauzeerd"),
    "correction_created": _("journal_correction_created", default="correctie vastgelegd"),
    "login_link_changed": _(
        "journal_login_link_changed", default="login van de kandidaat gewijzigd"
    ),
    "appointment_created": _("journal_appointment_created", default="afspraak gemaakt"),
    "appointment_changed": _("journal_appointment_changed", default="afspraak gewijzigd"),
    "candidates_imported": _("journal_candidates_imported", default="kandidaten geïmporteerd"),
    "pvbs_created": _("journal_pvbs_created", default="PvB's voor de groep gemaakt"),
    "pvb_removed": _("journal_pvb_removed", default="PvB verwijderd"),
    "assignment_new_version": _("journal_assignment_new_version", default="nieuwe versie gemaakt"),
    "assignment_copied": _(
        "journal_assignment_copied", default="kopie voor een nieuw cohort gemaakt"
    ),
}


def state_title(state):
    return STATES.get(state, state)


def entry_title(entry):
    """[message] that together say what an entry records: the action, or for a workflow step
    the step and the state it led to ("Vastleggen", "Vastgelegd")."""
    action = entry.get("action")
    details = entry.get("details") or {}
    if action != "transition":
        return [JOURNAL_ACTIONS.get(action, action)]
    parts = [transition_title(details["transition"])] if details.get("transition") else []
    parts = parts or [JOURNAL_ACTIONS["transition"]]
    if details.get("state"):
        parts.append(state_title(details["state"]))
    return parts
