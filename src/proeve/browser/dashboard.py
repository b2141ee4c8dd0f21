"""Mijn overzicht (@@dashboard on the site root): what waits for the user, and the PvBs
they may see, with filters (school, group, phase) and paging.

Everything comes from permission-filtered catalog searches: a school's staff find the
PvBs of their school, the people of a PvB find that PvB (local roles from its fields),
and nobody finds anything else. Objects are only woken for the page shown.

PvBs in an archived group (or of an archived candidate) are left out unless the user asks
for them ("toon gearchiveerde groepen"): only the school admin still finds those at all.
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from Acquisition import aq_base
from BTrees.IIBTree import IISet
from collective.workspace.interfaces import IWorkspace
from heapq import nlargest
from heapq import nsmallest
from plone.batching import Batch
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve import _
from proeve.browser.dashboard_places import MANY
from proeve.browser.dashboard_places import places_of
from proeve.browser.group import EstablishGroupAction
from proeve.browser.listing import Page
from proeve.browser.listing import record_ids
from proeve.content.school import school_contact
from proeve.content.utils import ARCHIVED
from proeve.content.utils import ObjectsByPath
from proeve.dates import format_date
from proeve.process.phases import phase_title
from proeve.process.phases import PHASES
from proeve.process.tasks import my_tasks
from proeve.process.tasks import TASK_TITLES
from proeve.roles import EXAM_COMMITTEE
from proeve.roles import SCHOOL_ADMIN
from zope.i18n import interpolate
from zope.i18n import translate
from ZTUtils import make_query


PAGE_SIZE = 20
# "Wat op je wacht" in pages too: a vaststeller of ten groups has 500 tasks at once.
TASK_PAGE_SIZE = 20
# A page is taken by walking the title index in its order when that is expected to look
# at no more than this many of its records (the page's end times the index's records per
# record found); otherwise the records found are ranked by their titles.
WALK_VISITS = 2_000
PLATFORM_ROLES = {"Manager", "Site Administrator"}


class Dashboard(EstablishGroupAction, BrowserView):
    page_size = PAGE_SIZE
    school_contact_macro = ViewPageTemplateFile("templates/school_contact.pt")

    def __call__(self):
        if getSecurityManager().getUser().getId() is None:
            raise Unauthorized("dashboard")  # anonymous: to the login form
        self.update()
        return self.index()

    # -- the PvBs the user may see ---------------------------------------------------

    def place(self, brain):
        return self.place_of(brain.getPath())

    def portal_depth(self):
        if getattr(self, "_portal_depth", None) is None:
            self._portal_depth = len(self.context.getPhysicalPath())
        return self._portal_depth

    def place_of(self, path):
        """(school id, group id) from a PvB's path: scholen/<school>/<group>/<cand>/<pvb>."""
        parts = path.split("/")[self.portal_depth() :]
        return (parts[1], parts[2]) if len(parts) >= 5 else (None, None)

    def places(self, catalog, brains, many=MANY):
        """The (school, group) of every PvB found."""
        table = catalog._catalog
        return places_of(self, table, self.record_ids(table, brains), many).places()

    def update(self):
        catalog = getToolByName(self.context, "portal_catalog")
        table = catalog._catalog
        form = self.request.form
        self.warnings = []
        # Archived groups and candidates this user finds (none, for all but the school admin).
        self.archived = archived = tuple(
            f"{b.getPath()}/"
            for b in catalog(portal_type=["ExamGroup", "Candidate"], review_state=ARCHIVED)
        )
        self.show_archived = form.get("archived") == "1"

        def current(brains):
            if self.show_archived or not archived:
                return brains
            return [b for b in brains if not b.getPath().startswith(archived)]

        visible = current(catalog(portal_type="PvB"))
        self.visible_count = len(visible)
        rids = self.record_ids(table, visible)
        found_at = places_of(self, table, rids)
        places = found_at.places()
        self.school_options = self.options({s for s, _g in places}, lambda s: f"scholen/{s}")
        self.group_options = self.options(
            places, lambda p: f"scholen/{p[0]}/{p[1]}", value=lambda p: f"{p[0]}/{p[1]}"
        )
        self.phase_options = [
            {"value": k, "title": translate(v, context=self.request)} for k, v in PHASES.items()
        ]

        self.school = self.choice("school", {o["value"] for o in self.school_options})
        self.group = self.choice("group", {o["value"] for o in self.group_options})
        self.phase = self.choice("phase", set(PHASES))

        # The filters narrow the PvBs found above (the same permission-filtered search,
        # without archived ones) instead of searching again: a search on the groups' paths
        # would have Plone's catalog traverse to every group of the school.
        if self.school or self.group:
            rids = found_at.narrow(self.school, self.group)
        if self.phase:
            in_phase = catalog(portal_type="PvB", review_state=self.phase)
            in_phase = set(self.record_ids(table, in_phase))
            rids = [rid for rid in rids if rid in in_phase]
        start = self.count_param("b_start")
        self.batch = Batch(self.sorted_page(table, rids, start), self.page_size, start)
        self.total = len(self.batch)

    def count_param(self, name):
        """A start of a page from the query string (0 if missing or no count)."""
        try:
            return max(int(self.request.form.get(name, 0)), 0)
        except (TypeError, ValueError):
            return 0

    def sorted_page(self, table, rids, start):
        """The page of the records from `start` on, as brains in the order of
        sort_on=sortable_title (ties by record, as the catalog sorts them), with the total:
        Batch shows it as one page of the whole. Only the page is sorted: the exam
        committee finds 50,000 PvBs for a page of 20 (a page in the second half is taken
        from the end). (key, record) pairs are unique: the order has no ties left."""
        index = table.getIndex("sortable_title")
        if (start + self.page_size) * index.numObjects() <= WALK_VISITS * len(rids):
            return self.first_in_title_order(table, index, rids, start)
        keys = list(map(index.documentToKeyMap().get, rids))
        ranked = zip(keys, rids, strict=True)
        total = len(keys)
        if None in keys:  # the catalog leaves out what has no sort key
            ranked = [(key, rid) for key, rid in ranked if key is not None]
            total = len(ranked)
        if start > total / 2:
            page = nlargest(total - start, ranked)[::-1][: self.page_size]
        else:
            page = nsmallest(start + self.page_size, ranked)[start:]
        return Page([table[rid] for _key, rid in page], total)

    record_ids = staticmethod(record_ids)

    def first_in_title_order(self, table, index, rids, start):
        """The same page when the records are a good part of all that the index holds
        (the exam committee's 50,000 of 120,000): the index's titles in their order, until
        the page is full. Plone indexes a sortable title for every object, so the total
        is that of the records."""
        found = IISet(rids)
        end = start + self.page_size
        taken = []
        for value in aq_base(index)._index.values():
            taken.extend(
                rid for rid in ((value,) if isinstance(value, int) else value) if rid in found
            )
            if len(taken) >= end:
                break
        return Page([table[rid] for rid in taken[start:end]], len(found))

    def options(self, keys, path, value=None):
        obj_at = ObjectsByPath(self.context)
        root = "/".join(self.context.getPhysicalPath())
        titles = {}

        def title_of(obj_path, default):
            if obj_path not in titles:
                obj = obj_at.get(f"{root}/{obj_path}")
                titles[obj_path] = obj.Title() if obj is not None else default
            return titles[obj_path]

        found = []
        for key in keys:
            title = title_of(path(key), str(key))
            if isinstance(key, tuple):  # a group: with its school, there may be two alike
                title = f"{title} ({title_of(f'scholen/{key[0]}', key[0])})"
            found.append({"value": value(key) if value else key, "title": title})
        return sorted(found, key=lambda o: o["title"].lower())

    def choice(self, name, allowed):
        value = self.request.form.get(name) or ""
        if not isinstance(value, str):
            value = ""
        if value and value not in allowed:
            self.warnings.append(
                translate(
                    _(
                        "dashboard_unknown_filter",
                        default="Het filter '${value}' is onbekend en is niet gebruikt.",
                        mapping={"value": value[:80]},
                    ),
                    context=self.request,
                )
            )
            return ""
        return value

    def rows(self):
        titles = {o["value"]: o["title"] for o in self.school_options}
        groups = {o["value"]: o["title"] for o in self.group_options}
        rows = []
        pvb_at = ObjectsByPath(self.context)
        for brain in self.batch:
            # Found by a permission-filtered search: no access check per step of the path.
            pvb = pvb_at(brain.getPath())
            candidate = pvb.candidate()
            school, group = self.place(brain)
            rows.append(
                {
                    "url": brain.getURL(),
                    "candidate": candidate.Title() if candidate is not None else brain.Title,
                    "assignment": (pvb.assignment_snapshot or {}).get("title", ""),
                    "school": titles.get(school, school),
                    "group": groups.get(f"{school}/{group}", group).rsplit(" (", 1)[0],
                    "phase": translate(phase_title(brain.review_state), context=self.request),
                    "start": format_date(pvb.start_date),
                    "end": format_date(pvb.end_date),
                    "archived": brain.getPath().startswith(self.archived),
                }
            )
        return rows

    # -- what the user manages (first on the page) ------------------------------------

    def roles_in(self, obj):
        return set(getSecurityManager().getUser().getRolesInContext(obj))

    def schools(self):
        folder = self.context.unrestrictedTraverse("scholen", None)
        if folder is None:
            return []
        found = [s for s in folder.objectValues() if getattr(s, "portal_type", None) == "School"]
        return sorted(found, key=lambda s: s.Title().lower())

    def link(self, link_id, title, url):
        return {"id": link_id, "title": translate(title, context=self.request), "url": url}

    def manages(self):
        """Blocks of links to what this user's roles manage: the platform admin the schools
        and the national bank, a school admin their school, the exam committee the results."""
        if PLATFORM_ROLES & self.roles_in(self.context):
            return [self.platform_block()]
        blocks = []
        for school in self.schools():
            roles = self.roles_in(school)
            if SCHOOL_ADMIN in roles:
                blocks.append(self.school_admin_block(school))
            if EXAM_COMMITTEE in roles:
                blocks.append(self.committee_block(school))
        return blocks

    def platform_block(self):
        portal_url = self.context.absolute_url()
        links = [
            self.link(f"school-{s.getId()}", s.Title(), s.absolute_url()) for s in self.schools()
        ]
        links.append(
            self.link(
                "schools",
                _("dashboard_all_schools", default="Alle scholen"),
                f"{portal_url}/scholen",
            )
        )
        links.append(
            self.link(
                "examenbank",
                _("dashboard_national_bank", default="Landelijke examenbank"),
                f"{portal_url}/examenbank",
            )
        )
        title = _("dashboard_manages_platform", default="Scholen en examenbank")
        return {"id": "platform", "title": translate(title, context=self.request), "links": links}

    def school_admin_block(self, school):
        url = school.absolute_url()
        links = [
            self.link("school", _("dashboard_school_page", default="Schoolpagina"), url),
            self.link(
                "roster",
                _("dashboard_roster", default="Medewerkers (rooster)"),
                f"{url}/@@team-roster",
            ),
        ]
        if school._getOb("opdrachtenbank", None) is not None:
            links.append(
                self.link(
                    "bank",
                    _("dashboard_school_bank", default="Opdrachtenbank"),
                    f"{url}/opdrachtenbank",
                )
            )
        # A hundred groups: their titles and addresses from the catalog, the link text
        # translated once and filled in per group.
        import_text = translate(
            _("dashboard_import_group", default="Kandidaten importeren in ${group}"),
            context=self.request,
        )
        for group in self.current_groups(school):
            url, title = group.getURL(), group.Title
            links.append({"id": f"group-{group.getId}", "title": title, "url": url})
            links.append(
                {
                    "id": f"import-{group.getId}",
                    "title": interpolate(import_text, {"group": title}),
                    "url": f"{url}/@@import-candidates",
                }
            )
        title = _(
            "dashboard_manages_school",
            default="Beheer van ${school}",
            mapping={"school": school.Title()},
        )
        return {
            "id": f"school-{school.getId()}",
            "title": translate(title, context=self.request),
            "links": links,
        }

    def current_groups(self, school):
        """The brains of the school's groups that are not archived, by title."""
        catalog = getToolByName(self.context, "portal_catalog")
        return [
            b
            for b in catalog(
                portal_type="ExamGroup",
                path={"query": "/".join(school.getPhysicalPath()), "depth": 1},
                sort_on="sortable_title",
            )
            if b.review_state != ARCHIVED
        ]

    def committee_block(self, school):
        # The results whose forms are all recorded, as "Wat op je wacht" lists them.
        inside = "/".join(school.getPhysicalPath()) + "/"
        waiting = sum(
            1
            for task, brain in self.my_tasks()
            if task == "establish_result" and brain.getPath().startswith(inside)
        )
        dashboard = self.url()
        links = [
            self.link(
                "results-to-establish",
                _(
                    "dashboard_results_to_establish",
                    default="Resultaten vast te stellen (${count})",
                    mapping={"count": waiting},
                ),
                f"{dashboard}?school={school.getId()}&phase=assessment",
            ),
            self.link(
                "closed",
                _("dashboard_closed_pvbs", default="Archief: afgesloten PvB's"),
                f"{dashboard}?school={school.getId()}&phase=closed",
            ),
            self.link(
                "results-export",
                _("dashboard_results_export", default="Resultaten downloaden (Excel)"),
                f"{school.absolute_url()}/@@results-export",
            ),
        ]
        title = _(
            "dashboard_manages_committee",
            default="Examencommissie ${school}",
            mapping={"school": school.Title()},
        )
        return {
            "id": f"committee-{school.getId()}",
            "title": translate(title, context=self.request),
            "links": links,
        }

    def pvbs_heading(self):
        """A candidate sees their own PvB; everyone else the PvBs of their candidates."""
        if self.is_candidate_only():
            heading = _("heading_dashboard_my_pvb", default="Mijn PvB")
        else:
            heading = _("heading_dashboard_pvbs", default="Mijn kandidaten")
        return translate(heading, context=self.request)

    def is_candidate_only(self):
        """Every PvB the user finds is their own as the candidate; without any PvB yet, the
        rosters list them only as a candidate."""
        userid = getSecurityManager().getUser().getId()
        if not self.visible_count:
            return self.only_candidate_on_rosters(userid)
        catalog = getToolByName(self.context, "portal_catalog")
        own = len(catalog(portal_type="PvB", pvb_people=f"candidate:{userid}"))
        return own >= self.visible_count

    def only_candidate_on_rosters(self, userid):
        groups = set()
        for school in self.schools():
            members = IWorkspace(school).members
            if userid in members:
                groups |= set(members[userid].get("groups") or ())
        return groups == {"Candidates"}

    # -- what waits for the user ---------------------------------------------------

    def task_batch(self):
        """The page of "Wat op je wacht" shown (?t_start=, its own start beside the PvB
        list's b_start), with the number of all tasks: only its rows are made."""
        if getattr(self, "_task_batch", None) is None:
            batch = Batch(self.my_tasks(), TASK_PAGE_SIZE, self.count_param("t_start"))
            batch.b_start_str = "t_start"
            self._task_batch = batch
        return self._task_batch

    def task_pages(self):
        """The addresses of the previous and next page of tasks (None at either end), with
        the rest of the query (filters, the PvB list's page) kept."""
        batch = self.task_batch()
        query = {k: v for k, v in self.request.form.items() if k != "t_start"}

        def page_at(start):
            return f"{self.url()}?{make_query(query, t_start=start)}"

        return {
            "previous": page_at(max(batch.first - TASK_PAGE_SIZE, 0)) if batch.first else None,
            "next": page_at(batch.first + TASK_PAGE_SIZE) if batch.has_next else None,
        }

    def tasks(self):
        translated = {}  # the tasks of a page are of a few kinds and phases

        def text(key, message):
            if key not in translated:
                translated[key] = translate(message, context=self.request)
            return translated[key]

        return [
            {
                "task": task,
                "title": text(("task", task), TASK_TITLES[task]),
                "url": brain.getURL(),
                "pvb": brain.Title,
                "phase": text(("phase", brain.review_state), phase_title(brain.review_state)),
            }
            for task, brain in self.task_batch()
        ]

    def my_tasks(self):
        if getattr(self, "_my_tasks", None) is None:
            self._my_tasks = my_tasks(self.context)
        return self._my_tasks

    def establish_group_target(self):
        """The group the page is filtered on (where the vaststeller may establish it all)."""
        if not self.group:
            return None
        return self.context.unrestrictedTraverse(f"scholen/{self.group}", None)

    # -- whom to ask ------------------------------------------------------------------

    def contacts(self):
        """The contact persons of the user's schools: the schools of the PvBs they see and
        the schools whose roster lists them; never another school's."""
        userid = getSecurityManager().getUser().getId()
        ids = {o["value"] for o in self.school_options}
        folder = self.context.unrestrictedTraverse("scholen", None)
        found = []
        for school_id, school in folder.objectItems() if folder is not None else ():
            if getattr(school, "portal_type", None) != "School":
                continue
            if school_id in ids or userid in IWorkspace(school).members:
                contact = school_contact(school)
                if contact:
                    found.append(contact)
        return sorted(found, key=lambda c: c["school"].lower())

    def filtered(self):
        return bool(self.school or self.group or self.phase or self.show_archived)

    def url(self):
        return f"{self.context.absolute_url()}/@@dashboard"
