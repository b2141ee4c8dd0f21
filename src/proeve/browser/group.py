"""The page of an exam group: its candidates with their PvB phases, bulk PvB creation for
the ticked candidates, exports and the import wizard; and the vaststelling of a whole group
(@@establish-group, offered on the group page and on the dashboard filtered on a group).

What the page offers follows the user's permissions on the group (the same permissions
the REST endpoints check); the listing comes from permission-filtered catalog searches.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from chameleon import PageTemplateFile
from pathlib import Path
from plone.batching import Batch
from plone.protect import CheckAuthenticator
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve import _
from proeve.browser.assignment import exam_words
from proeve.browser.listing import metadata_columns
from proeve.browser.listing import sorted_by
from proeve.browser.listing import visible_children
from proeve.browser.outcome import EndsWithMessage
from proeve.content.utils import find_school
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.process.assignment import cohort_warning
from proeve.process.assignment import fits_group
from proeve.process.establishment import establish_waiting
from proeve.process.people import offered_people
from proeve.process.people import SECOND_ASSESSOR_IS
from proeve.process.people import second_assessor_is
from proeve.process.phases import phase_title
from proeve.process.steps import run
from urllib.parse import quote
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory
from ZTUtils.Lazy import LazyMap
import json


BULK_MESSAGES = {
    "none": _("bulk_choose_candidates", default="Kies eerst een of meer kandidaten."),
    "working": _("bulk_working", default="Bezig: ${done} van ${total} kandidaten verwerkt…"),
    "done": _(
        "bulk_done",
        default="Klaar: ${created} PvB('s) aangemaakt, ${skipped} overgeslagen.",
    ),
    "failed": _("bulk_failed", default="Het aanmaken lukte niet."),
    "created": _("bulk_created", default="Aangemaakt"),
    "phase": phase_title("preparation"),
    "skipped": _("bulk_skipped", default="Overgeslagen"),
    # The search in a people field's pool.
    "found": _("bulk_people_found", default="${count} gevonden: kies hieronder."),
    "found_first": _(
        "bulk_people_found_first",
        default="De eerste ${shown} van ${count} gevonden: typ meer van de naam om verder "
        "te zoeken.",
    ),
    "found_none": _("bulk_people_found_none", default="Niemand gevonden met deze naam."),
    "search_failed": _("bulk_people_search_failed", default="Zoeken lukte niet."),
}

SEARCH_PERSON = _("label_search_person", default="${person} zoeken")
ESTABLISH_GROUP_CONFIRM = _(
    "help_confirm_establish_group",
    default="Met het vaststellen van deze groep zet u namens de examencommissie uw "
    "handtekening onder elke PvB hieronder, zoals bij het vaststellen van één PvB: u "
    "verklaart dat de opdracht, de betrokkenen, de examenlocatie en de periode van elke PvB "
    "geschikt zijn voor het examen. Proeve legt per PvB in het logboek vast wie u bent, dat u "
    "als vaststeller tekent, en wanneer. Alleen PvB's met een vastgestelde opdracht en "
    "volledige betrokkenen worden vastgesteld; een PvB met een eigen opdracht stelt u "
    "afzonderlijk vast.",
)
ESTABLISH_GROUP_MESSAGES = {
    "nothing": _(
        "msg_establish_group_nothing",
        default="In deze groep wacht geen PvB op uw vaststelling.",
    ),
    "established": _("outcome_established", default="Vastgesteld"),
    "skipped": BULK_MESSAGES["skipped"],
}


def waiting_for_me(group):
    """Catalog brains of the group's PvBs that wait for the current user's vaststelling
    (only PvBs the user may see, so nothing for anyone else)."""
    user = getSecurityManager().getUser().getId()
    if group is None or user is None:
        return []
    catalog = getToolByName(group, "portal_catalog")
    # Whoever establishes no PvB anywhere (most who open a group) is answered by the index
    # of people alone, without a restricted search (which unites the user's role sets).
    if not catalog.unrestrictedSearchResults(pvb_people=f"establisher:{user}"):
        return []
    return catalog(
        portal_type="PvB",
        review_state="establishment",
        path="/".join(group.getPhysicalPath()),
        pvb_people=f"establisher:{user}",
        sort_on="sortable_title",
    )


class EstablishGroupAction:
    """The button (with its confirmation dialog) to establish a whole group, for a
    vaststeller with PvBs waiting in it. Needs self.establish_group_target() (the group)."""

    establish_group_parts = ViewPageTemplateFile("templates/establish_group_parts.pt")

    def establish_group_action(self):
        group = self.establish_group_target()
        waiting = waiting_for_me(group)
        if not waiting:
            return None
        portal = getToolByName(group, "portal_url").getPortalObject()
        return {
            "url": f"{portal.absolute_url()}/@@establish-group?group={group.UID()}",
            "post": f"{portal.absolute_url()}/@@establish-group",
            "uid": group.UID(),
            "confirm": translate(ESTABLISH_GROUP_CONFIRM, context=self.request),
            "pvbs": [{"title": b.Title, "url": b.getURL()} for b in waiting],
            "token": portal.restrictedTraverse("@@authenticator").token(),
            "script": f"{portal.absolute_url()}/++resource++proeve/pvb.js",
        }


class EstablishGroup(EstablishGroupAction, EndsWithMessage, BrowserView):
    """@@establish-group on the site, with the group's UID: the vaststeller sees PvBs, not
    groups, so (as the REST service @establish-group) the group is found unrestricted and
    only the user's own PvBs are touched. GET: the confirmation page (what the dialog shows,
    for browsers without JavaScript); POST: establish, and a report per PvB."""

    report = None

    def establish_group_target(self):
        uid = self.request.form.get("group")
        if not isinstance(uid, str) or not uid:
            return None
        catalog = getToolByName(self.context, "portal_catalog")
        found = catalog.unrestrictedSearchResults(UID=uid, portal_type="ExamGroup")
        return found[0]._unrestrictedGetObject() if found else None

    def __call__(self):
        self.action = self.establish_group_action()
        if self.action is None:
            return self.back(ESTABLISH_GROUP_MESSAGES["nothing"])
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                self.report = self.establish(self.establish_group_target())
            except ProcessError as exc:
                return self.refused(exc.message)
        return self.index()

    def establish(self, group):
        """The process step (the REST service's), as a report row per PvB."""
        waiting = [b.getObject() for b in waiting_for_me(group)]
        report = run(establish_waiting, group, waiting)
        rows = []
        for entry in report:
            candidate = group.get(entry["candidate"])
            rows.append(
                {
                    "name": candidate.Title() if candidate is not None else entry["candidate"],
                    "url": entry["pvb"],
                    "established": entry["action"] == "established",
                    "outcome": translate(
                        ESTABLISH_GROUP_MESSAGES[entry["action"]], context=self.request
                    ),
                    "reason": translate(entry.get("reason") or "", context=self.request),
                }
            )
        return rows

    def back_url(self):
        return f"{self.context.absolute_url()}/@@dashboard"


PAGE_SIZE = 25
GROUP_ROWS = PageTemplateFile(str(Path(__file__).parent / "templates" / "group_rows.pt"))
ARCHIVED = _("label_archived", default="gearchiveerd")
NO_PVB = _("group_no_pvb", default="Nog geen PvB")


class GroupView(EstablishGroupAction, BrowserView):
    """The group's candidates in pages of PAGE_SIZE, by name, with a filter on name or
    login (`?q=`); only the page shown is read further (student codes, PvBs)."""

    page_size = PAGE_SIZE
    _candidate_brains = None
    _candidate_rids = ()
    _candidate_uids = None
    _show_inactive = None
    _rows = None

    def __call__(self):
        self.update()
        return self.index()

    def update(self):
        form = self.request.form
        query = form.get("q")
        self.query = query.strip()[:100] if isinstance(query, str) else ""
        found = self.candidate_brains()
        self.group_size = len(found)
        matching = self.matching(found, self.query) if self.query else found
        self.matched = len(matching)
        try:
            start = max(int(form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            start = 0
        if start >= len(matching):
            start = 0  # a link of another filter, or the group got smaller
        self.batch = Batch(matching, self.page_size, start)

    def matching(self, brains, query):
        """The candidates whose name or login contains `query` (case-insensitive): the
        login as the catalog indexed it, so no candidate is woken."""
        logins = getToolByName(self.context, "portal_catalog")._catalog.getIndex("candidate_login")
        wanted = query.lower()
        return [
            brain
            for brain in brains
            if wanted in (brain.Title or "").lower()
            or wanted in (logins.getEntryForObject(brain.getRID(), None) or "").lower()
        ]

    def filter_summary(self):
        """How many candidates the filter found, or that it found none."""
        if not self.query:
            return None
        if not self.matched:
            message = _(
                "group_filter_none",
                default="Geen kandidaat gevonden met '${query}'.",
                mapping={"query": self.query},
            )
        else:
            message = _(
                "group_filter_found",
                default="${count} van de ${total} kandidaten gevonden met '${query}'.",
                mapping={"count": self.matched, "total": self.group_size, "query": self.query},
            )
        return translate(message, context=self.request)

    def establish_group_target(self):
        return self.context

    def check(self, permission, obj=None):
        return bool(getSecurityManager().checkPermission(permission, obj or self.context))

    def can_bulk(self):
        return self.check("proeve: Add PvB")

    def exam(self):
        return exam_words(self.context, self.request)

    def can_import(self):
        return self.check("proeve: Add Candidate")

    def results_url(self):
        school = find_school(self.context)
        if school is not None and self.check("proeve: Read results", school):
            return f"{school.absolute_url()}/@@results-export"
        return None

    def rows_html(self):
        """The table rows of the page shown, by group_rows.pt: Chameleon's own template,
        whose expressions are compiled Python (a page template's python: expressions are
        each evaluated by Zope's engine, some 700 per page of 25 candidates)."""
        return GROUP_ROWS(
            rows=self.candidates(),
            can_bulk=self.can_bulk(),
            archived=translate(ARCHIVED, context=self.request),
            no_pvb=translate(NO_PVB, context=self.request),
        )

    def candidates(self):
        """The rows of the page shown: each candidate with its PvBs (oldest first)."""
        if self._rows is None:
            self._rows = self.read_candidates()
        return self._rows

    def read_candidates(self):
        catalog = getToolByName(self.context, "portal_catalog")
        table = catalog._catalog
        path = "/".join(self.context.getPhysicalPath())
        # Everything listed is in the group: its URL is the group's and the rest of its path
        # (what brain.getURL works out for each brain).
        group_url = self.context.absolute_url()

        def url(brain_path):
            return group_url + quote(brain_path[len(path) :])

        phases = {}

        def phase(state):
            if state not in phases:
                phases[state] = translate(phase_title(state), context=self.request)
            return phases[state]

        shown = list(self.batch)
        shown_paths = {brain.getPath() for brain in shown}
        pvb_rids = self.pvb_search(catalog, shown_paths) if shown else ()
        paths = aq_base(table).paths
        created = table.getIndex("created").documentToKeyMap()
        mine = [(created.get(rid), rid) for rid in pvb_rids]
        mine.sort(key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1]))
        pvbs = {}
        # The title and phase as the catalog's metadata holds them (a brain's values),
        # without making a brain for each.
        title, state = metadata_columns(table, "Title", "review_state")
        for _created, rid in mine:
            record = table.data[rid]
            pvb_path = paths[rid]
            pvbs.setdefault(pvb_path.rpartition("/")[0], []).append(
                {
                    "url": url(pvb_path),
                    "title": record[title].split(" — ")[0],
                    "phase": phase(record[state]),
                }
            )
        # The student code of each candidate shown as the catalog indexed it, without
        # waking the candidates.
        student_codes = table.getIndex("student_code")
        rows = []
        for brain in shown:
            candidate_path = brain.getPath()
            rows.append(
                {
                    "id": brain.getId,
                    "url": url(candidate_path),
                    "name": brain.Title,
                    "student_code": student_codes.getEntryForObject(brain.getRID(), None),
                    "archived": brain.review_state == "archived",
                    "pvbs": pvbs.get(candidate_path, []),
                }
            )
        return rows

    def pvb_search(self, catalog, candidate_paths):
        """The records of the PvBs of the candidates shown that the user may see: the
        candidates' children in the path index (one lookup per candidate), each checked as
        a restricted search would (listing.visible_children). Plone would traverse to each
        candidate to ask whether the user may see inactive content there; it is asked of
        the group once: the answer only matters for content with publication dates, which
        a PvB has not."""
        return visible_children(catalog, candidate_paths, "PvB", self.show_inactive())

    def show_inactive(self):
        """Whether the user may see inactive content in the group (Plone's question for a
        search of the group's path), asked once for the page's searches."""
        if self._show_inactive is None:
            # Plone's allow_inactive for a search of the group's path: the permission on
            # the catalog (the whole site), else on the group (here the context, which it
            # would traverse to again).
            catalog = getToolByName(self.context, "portal_catalog")
            self._show_inactive = self.check(AccessInactivePortalContent, catalog) or self.check(
                AccessInactivePortalContent
            )
        return self._show_inactive

    def candidate_brains(self):
        """The group's candidates the user may see (as a restricted search finds them,
        listing.visible_children), by name; searched once per page."""
        if self._candidate_brains is None:
            catalog = getToolByName(self.context, "portal_catalog")
            table = catalog._catalog
            group_path = "/".join(self.context.getPhysicalPath())
            rids = visible_children(catalog, [group_path], "Candidate", self.show_inactive())
            self._candidate_rids = sorted_by(table, rids, "sortable_title")
            # Brains made when asked: the page shows 25.
            self._candidate_brains = LazyMap(table.__getitem__, self._candidate_rids)
        return self._candidate_brains

    def assignments(self):
        """The assignments the bulk form offers: those of the group's crebo (an own one only
        when its candidate is in the group), each with a warning when it is of another
        cohort than the group (the server refuses the others). Read from the catalog's
        metadata: only an own assignment is woken, for its candidate."""
        factory = getUtility(IVocabularyFactory, "proeve.assignments")
        terms = list(factory(self.context))
        catalog = getToolByName(self.context, "portal_catalog")
        found = catalog.unrestrictedSearchResults(UID=[t.value for t in terms])
        brains = {brain.UID: brain for brain in found}
        portal_url = getToolByName(self.context, "portal_url")()
        options = []
        for term in terms:
            brain = brains.get(term.value)
            if brain is None or not fits_group(brain.crebo, self.context):
                continue
            if brain.kind == "own" and not self.in_group(brain):
                continue
            warning = cohort_warning(brain.qualification_cohort, self.context)
            options.append(
                {
                    "value": term.value,
                    "preview_url": f"{portal_url}/resolveuid/{term.value}",
                    "title": term.title,
                    "warning": translate(warning, context=self.request) if warning else None,
                }
            )
        return options

    def in_group(self, assignment_brain):
        """Whether the candidate of an own assignment is one of this group's."""
        if self._candidate_uids is None:
            self.candidate_brains()
            table = getToolByName(self.context, "portal_catalog")._catalog
            (uid,) = metadata_columns(table, "UID")
            self._candidate_uids = {table.data[rid][uid] for rid in self._candidate_rids}
        return assignment_brain._unrestrictedGetObject().candidate_uid in self._candidate_uids

    def people(self):
        """The people fields of the bulk form. Each is a search in the school's pool for it:
        a large school has hundreds of staff in a pool, so the page does not list them; the
        search asks the pool's vocabulary on the group (REST @vocabularies, the same terms
        the form listed before: the people the user may see, proeve.process.directory)."""
        group_url = self.context.absolute_url()
        fields = []
        for person in offered_people(self.context):
            label = translate(person_label(person.field, self.context), context=self.request)
            fields.append(
                {
                    "name": person.field,
                    "id": f"bulk-{person.field}",
                    "search_id": f"bulk-{person.field}-search",
                    "found_id": f"bulk-{person.field}-found",
                    "label": label,
                    "search_label": translate(
                        _(
                            "label_search_person",
                            default="${person} zoeken",
                            mapping={"person": label},
                        ),
                        context=self.request,
                    ),
                    "pool_url": f"{group_url}/@vocabularies/proeve.roster.{person.pool}",
                }
            )
        return fields

    def people_rules(self):
        """The rule of process.people the page also checks before it posts (the server
        checks it anyway): the second assessor is another person than these, each with the
        server's message."""
        return json.dumps(
            {
                "field": "assessor_2",
                "others": {
                    field: translate(second_assessor_is(field, self.context), context=self.request)
                    for field in SECOND_ASSESSOR_IS
                },
            }
        )

    def archive_url(self):
        """The state menu's archiving of this group (a confirmation first), when it may."""
        workflow = getToolByName(self.context, "portal_workflow")
        if any(t["id"] == "archive" for t in workflow.getTransitionsFor(self.context)):
            return f"{self.context.absolute_url()}/content_status_modify?workflow_action=archive"
        return None

    def messages(self):
        return json.dumps({k: translate(v, context=self.request) for k, v in BULK_MESSAGES.items()})
