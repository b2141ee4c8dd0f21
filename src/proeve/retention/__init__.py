"""Retention: two clocks per candidate, a report, and pseudonymisation by decision.

- the contract clock: personal data is kept `proeve.retention_years` (default 10) after the
  candidate's last established result (or, without one, after the candidate was entered);
- the Inspectie clock: at least `proeve.retention_months_after_diploma` (default 18) after the
  diploma date.

A candidate is due for pseudonymisation only when both clocks have run out; nothing happens
without an exam committee decision, and the exam record itself is never destroyed.
"""

from datetime import date
from datetime import datetime
from plone import api
from Products.CMFCore.utils import getToolByName


def _add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def last_result_date(candidate):
    dates = []
    for pvb in candidate.objectValues():
        if pvb.portal_type == "PvB" and getattr(pvb, "result_at", None):
            dates.append(datetime.fromisoformat(pvb.result_at).date())
    return max(dates) if dates else None


def clocks(candidate):
    years = api.portal.get_registry_record("proeve.retention_years", default=10)
    months = api.portal.get_registry_record("proeve.retention_months_after_diploma", default=18)
    start = last_result_date(candidate) or candidate.created().asdatetime().date()
    contract_until = _add_months(start, 12 * years)
    diploma = getattr(candidate, "diploma_date", None)
    inspectie_until = _add_months(diploma, months) if diploma else None
    return {"contract_until": contract_until, "inspectie_until": inspectie_until}


def status(candidate, today=None):
    today = today or date.today()
    found = clocks(candidate)
    contract_passed = found["contract_until"] < today
    inspectie_passed = found["inspectie_until"] is not None and found["inspectie_until"] < today
    return {
        "contract_until": found["contract_until"].isoformat(),
        "inspectie_until": found["inspectie_until"].isoformat()
        if found["inspectie_until"]
        else None,
        "contract_passed": contract_passed,
        "inspectie_passed": inspectie_passed,
        # Without a diploma date the Inspectie clock has not started: never due.
        "due": contract_passed and inspectie_passed,
        "pseudonymised": bool(getattr(candidate, "pseudonymised", False)),
    }


def report(school, today=None):
    catalog = getToolByName(school, "portal_catalog")
    items = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Candidate", path="/".join(school.getPhysicalPath())
    ):
        candidate = brain._unrestrictedGetObject()
        item = status(candidate, today)
        last = last_result_date(candidate)
        item.update(
            {
                "@id": candidate.absolute_url(),
                "UID": candidate.UID(),
                "student_code": candidate.student_code,
                "diploma_date": candidate.diploma_date.isoformat()
                if getattr(candidate, "diploma_date", None)
                else None,
                "last_result": last.isoformat() if last else None,
            }
        )
        items.append(item)
    items.sort(key=lambda i: (not i["due"], i["contract_until"]))
    return items
