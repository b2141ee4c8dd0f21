"""Fill a Proeve site with realistic exam data quickly (in-process, no HTTP).

One school grows to the requested number of PvBs: groups of 100 candidates (each with a
login), 5 PvBs per candidate on a benchmark assignment of 30 criteria in 5 work processes,
spread over the phases (3/10 preparation, 1/10 establishment, 2/10 execution,
2/10 assessment, 2/10 closed). PvBs from execution on carry a small evidence file and an
appointment; half of those in assessment have the first form recorded and the second in
draft, every closed one has two recorded forms and its result. Approvals and journal
entries are written as the process would write them. The people come from pools:
a ROC-begeleider and two assessors per group, a vaststeller per ten groups, and a
praktijkbegeleider per 40 candidates (so `bench-praktijk-0000` has 40 candidates, 200 PvBs,
at every scale).

What makes it fast (about 10x the plain createContentInContainer path), without making the
data look different to the queries and permission checks that are measured:

- objects are made by their Dexterity factory and added without events; what the
  subscribers would store is stored directly: UUID, creator and Owner role, workflow
  state and history, the workflow's permission settings for that state (computed once per
  type and state, then copied), the people marker of a PvB, approvals and journal entries;
- every object is cataloged right away (all indexes and metadata, through the real
  indexers); index values that are the same for every object of a kind (type, state,
  group) are computed for the first few objects of that kind and reused after that, while
  values that belong to one object (path, UID, title, people, security, dates, text) are
  always computed;
- a commit every 500 PvBs.

- every object gets its intid (five.intid's subscriber would have registered it) and every
  assessment form one CMFEditions version (the process saves one per scores change and one
  when it is recorded; one is enough to give the shared trees their real size): concurrent
  writers share the intid trees, the version storage's trees and the catalog's `cmf_uid`
  index, and those trees must be as large as on a real site for their conflicts to be too.

Left out on purpose: relations (nothing measured reads them), the second version of a
recorded form, and mail.

`DATA_VERSION` counts the changes to what the generator makes: benchmarks/instances.py makes
cached data of an older version anew.

In a test site:  generate_pvbs(portal, "roc-de-vaart", 1000)
In an instance:  zconsole run etc/zope.conf benchmarks/generate.py --pvbs 50000 [--site proeve]
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC
from persistent.mapping import PersistentMapping
from plone.dexterity.utils import createContent
from plone.dexterity.utils import createContentInContainer
from plone.indexer.interfaces import IIndexableObject
from plone.namedfile.file import NamedBlobFile
from plone.uuid.interfaces import ATTRIBUTE_NAME
from proeve.content.naming import neutral_name
from proeve.content.snapshot import freeze_assignment
from proeve.journal import record
from proeve.process.approvals import content_hash
from proeve.process.approvals import KEY as APPROVALS_KEY
from zope.annotation.interfaces import IAnnotations
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.intid.interfaces import IIntIds
import time
import transaction
import uuid


GROUP_SIZE = 100
PVBS_PER_CANDIDATE = 5
CANDIDATES_PER_WORKPLACE_SUPERVISOR = 40
GROUPS_PER_ESTABLISHER = 10
COMMIT_EVERY = 2000
# 1: the generator until 2026-12-05; 2: intids, a version of every form, and forms named as
# the process names them (random ids: concurrent new forms meet in the path index's trees).
DATA_VERSION = 2
DASHBOARD_USER = "bench-praktijk-0000"
ASSIGNMENT_ID = "benchmark-30-criteria"
PASSWORD = "bench-secret-42"  # noqa: S105 (benchmark logins in a throw-away site)

# Phase of PvB number n: PHASES[n % 10].
PHASES = (["preparation"] * 3 + ["establishment"] + ["execution"] * 2) + (
    ["assessment"] * 2 + ["closed"] * 2
)
# (transition, state after it, who takes it) from preparation to each phase.
STEPS = (
    ("submit", "establishment", "school_supervisor"),
    ("establish", "execution", "establisher"),
    ("start_assessment", "assessment", "school_supervisor"),
    ("establish_result", "closed", "examencie-vaart"),
)
ORDER = ("preparation", "establishment", "execution", "assessment", "closed")
PVB_WORKFLOW = "proeve_pvb_workflow"
FORM_WORKFLOW = "proeve_assessment_workflow"

EVIDENCE_BYTES = b"\xff\xd8\xff\xe0 benchmark evidence " + bytes(range(256)) * 8  # ~2 KiB


def people_of(serial):
    """The people of candidate number `serial` (global within the school)."""
    group = serial // GROUP_SIZE
    workplace = serial // CANDIDATES_PER_WORKPLACE_SUPERVISOR
    return {
        "school_supervisor": f"bench-docent-{group:04d}",
        "workplace_supervisor": f"bench-praktijk-{workplace:04d}",
        "assessor_1": f"bench-beoordelaar-{2 * group:04d}",
        "assessor_2": f"bench-beoordelaar-{2 * group + 1:04d}",
        "establisher": f"bench-vaststeller-{group // GROUPS_PER_ESTABLISHER:04d}",
    }


def candidate_login(serial):
    return f"bench-kandidaat-{serial:06d}"


def pvb_path(serial, number):
    """Path of PvB `number` of candidate `serial`, below the school."""
    return f"bench-{serial // GROUP_SIZE:04d}/kandidaat-b{serial:06d}/pvb-{number}"


def pvbs_in_phase(phase, total, limit=None):
    """(serial, n) of generated PvBs in a phase, lowest first."""
    found = []
    for n in range(total):
        if PHASES[n % 10] == phase:
            found.append((n // PVBS_PER_CANDIDATE, n % PVBS_PER_CANDIDATE, n))
            if limit and len(found) >= limit:
                break
    return found


def without_forms(n):
    """PvBs in assessment without forms yet (the other half have one recorded, one draft)."""
    return (n // 10) % 2 == 0


def _criteria(prefix, count, crucial):
    return [
        {"id": f"{prefix}-{i}", "text": f"Criterium {i} van {prefix}", "crucial": i in crucial}
        for i in range(1, count + 1)
    ]


BENCH_ASSIGNMENT = {
    "title": "Benchmarkopdracht met 30 criteria",
    "crebo": "25451",
    "qualification": "Eerste monteur elektrotechnische installaties woning en utiliteit",
    "qualification_cohort": 2024,
    "kind": "national",
    "work_processes": [
        {
            "core_task": f"B1-K{1 + w // 3}",
            "code": f"B1-K{1 + w // 3}-W{1 + w % 3}",
            "title": f"Werkproces {w + 1}",
            "criteria": _criteria(f"WP{w + 1}", 6, crucial={1, 4}),
        }
        for w in range(5)
    ],
}


def bench_assignment(portal):
    """The national assignment with 30 criteria (vastgesteld), made once."""
    from plone import api
    from plone.app.textfield.value import RichTextValue

    bank = portal["examenbank"]
    if ASSIGNMENT_ID not in bank.objectIds():
        text = "<p>" + "Een realistische opdrachttekst voor de benchmark. " * 40 + "</p>"
        assignment = createContentInContainer(
            bank,
            "ExamAssignment",
            checkConstraints=False,
            id=ASSIGNMENT_ID,
            text=RichTextValue(text, "text/html", "text/x-html-safe"),
            **BENCH_ASSIGNMENT,
        )
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=assignment, transition="establish")
    return bank[ASSIGNMENT_ID]


DOCUMENT_ID = "bench-document"


def bench_document(portal):
    """A plain, published Plone Document of about the dossier's size: the REST ceiling."""
    from plone import api
    from plone.app.textfield.value import RichTextValue

    if DOCUMENT_ID not in portal.objectIds():
        text = "<p>" + "Een gewone Plone-pagina met tekst van ongeveer dezelfde omvang. " * 60
        document = createContentInContainer(
            portal,
            "Document",
            checkConstraints=False,
            id=DOCUMENT_ID,
            title="Benchmarkpagina",
            description="Een gewone Plone-pagina, ter vergelijking.",
            text=RichTextValue(text + "</p>", "text/html", "text/x-html-safe"),
        )
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=document, transition="publish")
    return portal[DOCUMENT_ID]


def ensure_users(portal, userids):
    """Logins (password PASSWORD) for the generated people; fast: no mail, no properties."""
    users = portal.acl_users.source_users
    known = set(users.getUserIds())
    for userid in userids:
        if userid not in known:
            users.doAddUser(userid, PASSWORD)


def ensure_roster(school, members):
    """Staff in the school's roster pools ({userid: group})."""
    from collective.workspace.interfaces import IWorkspace

    roster = IWorkspace(school)
    have = set(roster.members)
    for userid, group in members.items():
        if userid not in have:
            roster.add_to_team(user=userid, groups={group})


class _Memo:
    """An indexable wrapper that answers the attributes known to be constant for its kind."""

    def __init__(self, wrapper, constants):
        self.__dict__["_wrapper"] = wrapper
        self.__dict__["_constants"] = constants

    def __getattr__(self, name):
        if name in self._constants:
            value = self._constants[name]
            if value is _MISSING:
                raise AttributeError(name)
            return value
        return getattr(self._wrapper, name)


class _Sampler:
    """Forwards to the real wrapper and writes down what every attribute resolved to."""

    def __init__(self, wrapper, seen):
        self.__dict__["_wrapper"] = wrapper
        self.__dict__["_seen"] = seen

    def __getattr__(self, name):
        try:
            value = getattr(self._wrapper, name)
        except AttributeError:
            self._seen[name] = _MISSING
            raise
        resolved = value() if callable(value) and name not in _NOT_CALLED else value
        self._seen[name] = resolved
        return resolved


# Attributes the catalog reads but never calls (or calls with arguments).
_NOT_CALLED = {"getPhysicalPath"}
# Never reused: they belong to one object.
_OWN = {
    "UID",
    "getId",
    "id",
    "getPhysicalPath",
    "path",
    "Title",
    "title",
    "sortable_title",
    "SearchableText",
    "pvb_people",
    "result_to_establish",
    "allowedRolesAndUsers",
    "student_code",
    "candidate_login",
    "created",
    "modified",
    "Date",
    "CreationDate",
    "ModificationDate",
    "getObjPositionInParent",
    "Creator",
    "listCreators",
}
SAMPLES = 3
_MISSING = object()  # the attribute is not there (the catalog stores no value)


class Builder:
    """Adds objects without events, with what the subscribers would have stored."""

    def __init__(self, portal):
        self.portal = portal
        self.catalog = portal.portal_catalog
        self.workflow = portal.portal_workflow
        self.permissions = {}  # (portal_type, state) -> {attribute: roles}
        self.kinds = {}  # kind -> [samples] then {constants}
        self.objects = 0
        self.intids = queryUtility(IIntIds)
        self.unversioned = []  # forms whose version is saved before the next commit

    def save_versions(self):
        """The versions of the forms made since the last commit. CMFEditions takes a
        savepoint for each; taken right before the commit, a savepoint stores little more
        than the version, where in between it stored every object changed since the last."""
        for form in self.unversioned:
            save_form_version(form)
        self.unversioned = []

    def add(self, container, type_name, obj_id, owner, kind, states=(), **fields):
        obj = createContent(type_name, **fields)
        obj.id = obj_id
        setattr(obj, ATTRIBUTE_NAME, uuid.uuid4().hex)
        obj.creators = (owner,)
        obj.__ac_local_roles__ = {owner: ["Owner"]}
        container._setObject(obj_id, obj, suppress_events=True)
        obj = container._getOb(obj_id)
        if self.intids is not None:
            self.intids.register(obj)
        if states:
            self.set_states(obj, states)
        return obj

    def set_states(self, obj, states):
        """Workflow history through `states` [(state, action, actor)], and its permissions."""
        chain = self.workflow.getChainFor(obj)
        if not chain:
            return
        wf_id = chain[0]
        when = DateTime()
        for state, action, actor in states:
            self.workflow.setStatusOf(
                wf_id,
                obj,
                {
                    "action": action,
                    "review_state": state,
                    "actor": actor,
                    "comments": "",
                    "time": when,
                },
            )
        key = (obj.portal_type, states[-1][0])
        settings = self.permissions.get(key)
        if settings is None:
            self.workflow.getWorkflowById(wf_id).updateRoleMappingsFor(obj)
            settings = {k: v for k, v in obj.__dict__.items() if k.endswith("_Permission")}
            self.permissions[key] = settings
        else:
            for attribute, roles in settings.items():
                setattr(obj, attribute, list(roles) if isinstance(roles, list) else roles)

    def index(self, obj, kind):
        wrapper = queryMultiAdapter((obj, self.catalog), IIndexableObject)
        uid = "/".join(obj.getPhysicalPath())
        known = self.kinds.setdefault(kind, [])
        if isinstance(known, dict):
            indexable = _Memo(wrapper, known)
        else:
            seen = {}
            known.append(seen)
            indexable = _Sampler(wrapper, seen)
        self.catalog._catalog.catalogObject(indexable, uid)
        self.objects += 1
        if not isinstance(known, dict) and len(known) == SAMPLES:
            self.kinds[kind] = {
                name: value
                for name, value in known[0].items()
                if name not in _OWN and all(name in s and s[name] == value for s in known)
            }


def generate(portal, total, school_id="roc-de-vaart", progress=None):
    """Grow school `school_id` to `total` generated PvBs; returns the number made."""
    from proeve.demo.users import ensure_demo_users  # noqa: F401 (demo people exist)

    school = portal.scholen[school_id]
    assignment = bench_assignment(portal)
    bench_document(portal)
    assignment_uid = assignment.UID()
    snapshot = freeze_assignment(assignment_uid)
    candidates = (total + PVBS_PER_CANDIDATE - 1) // PVBS_PER_CANDIDATE
    staff = {}
    for serial in range(0, max(candidates, 1)):
        for field, userid in people_of(serial).items():
            staff.setdefault(
                userid,
                {
                    "school_supervisor": "Supervisors",
                    "workplace_supervisor": "WorkplaceSupervisors",
                    "assessor_1": "Assessors",
                    "assessor_2": "Assessors",
                    "establisher": "Establishers",
                }[field],
            )
    ensure_users(portal, list(staff) + [candidate_login(s) for s in range(candidates)])
    ensure_roster(school, staff)
    transaction.commit()

    builder = Builder(portal)
    count = sum(
        "/bench-" in brain.getPath()
        for brain in portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PvB", path="/".join(school.getPhysicalPath())
        )
    )
    have = count
    approved_hash = None
    start = time.perf_counter()
    while count < total:
        serial, number = divmod(count, PVBS_PER_CANDIDATE)
        group_id = f"bench-{serial // GROUP_SIZE:04d}"
        people = people_of(serial)
        docent = people["school_supervisor"]
        group = school._getOb(group_id, None)
        if group is None:
            group = builder.add(
                school,
                "ExamGroup",
                group_id,
                "beheer-vaart",
                None,
                states=(("active", None, "beheer-vaart"),),
                title=f"Benchmarkgroep {serial // GROUP_SIZE}",
                qualification_cohort=2024,
                crebo="25451",
            )
            builder.index(group, ("ExamGroup",))
        candidate_id = f"kandidaat-b{serial:06d}"
        login = candidate_login(serial)
        candidate = group._getOb(candidate_id, None)
        if candidate is None:
            candidate = builder.add(
                group,
                "Candidate",
                candidate_id,
                docent,
                None,
                states=(("active", None, docent),),
                student_code=f"B{serial:06d}",
                first_name="Kandidaat",
                last_name=f"Nummer {serial}",
                email=f"{login}@bench.proeve.invalid",
                userid=login,
            )
            candidate._indexed_login = login
            builder.index(candidate, ("Candidate",))
        phase = PHASES[count % 10]
        pvb = builder.add(
            candidate,
            "PvB",
            f"pvb-{number}",
            docent,
            None,
            assignment_uid=assignment_uid,
            assignment_snapshot=snapshot,
            exam_location=f"Leerbedrijf {serial % 97}, Zwolle",
            start_date=date(2026, 9, 1),
            end_date=date(2027, 1, 31),
            **people,
        )
        pvb._indexed_people = tuple(sorted(people.items()))
        _process(builder, pvb, phase, people, login, count)
        if approved_hash is None:
            approved_hash = content_hash(pvb)
        builder.index(pvb, ("PvB", phase))
        count += 1
        if count % COMMIT_EVERY == 0:
            builder.save_versions()
            transaction.commit()
            if progress:
                rate = (count - have) / (time.perf_counter() - start)
                progress(f"{count:,} PvBs ({rate:.0f} PvBs/s, {builder.objects:,} objects)")
    builder.save_versions()
    transaction.commit()
    return count - have


def _process(builder, pvb, phase, people, login, n):
    """What the exam process would have left on a PvB in `phase`."""
    at = ORDER.index(phase)
    states = [("preparation", None, people["school_supervisor"])]
    actors = dict(people, **{"examencie-vaart": "examencie-vaart"})
    for action, state, who in STEPS[:at]:
        states.append((state, action, actors[who]))
    builder.set_states(pvb, states)
    if at == 0:
        if n % 3 == 0:  # some have a first approval already
            _approve(pvb, {"school_supervisor": people["school_supervisor"]})
        return
    _approve(
        pvb,
        {
            "candidate": login,
            "school_supervisor": people["school_supervisor"],
            "workplace_supervisor": people["workplace_supervisor"],
        },
    )
    # The generator knows in which role each step is taken: the journal need not look it up.
    for (state, action, actor), (_action, _state, who) in zip(states[1:], STEPS, strict=False):
        role = "exam_committee" if who == "examencie-vaart" else who
        details = {"transition": action, "state": state}
        record(pvb, "transition", details, actor=actor, role=role)
    if at < 2:
        return
    evidence = builder.add(
        pvb,
        "Evidence",
        "evidence",
        login,
        None,
        title="Foto's van de aangelegde groepenkast",
        file=NamedBlobFile(EVIDENCE_BYTES, filename="groepenkast.jpg"),
    )
    record(evidence, "evidence_added", {"filename": "groepenkast.jpg"}, login, role="candidate")
    builder.index(evidence, ("Evidence", phase))
    appointment = builder.add(
        pvb,
        "Appointment",
        "appointment",
        login,
        None,
        states=(("planned", None, login),),
        title="Eindgesprek met de praktijkbegeleider",
        start=datetime(2027, 2, 15, 14, 0),
        location="Leerbedrijf",
    )
    builder.index(appointment, ("Appointment", phase))
    if phase == "assessment" and without_forms(n):
        return
    if at < 3:
        return
    second = "recorded" if phase == "closed" else "draft"
    for field, state in (("assessor_1", "recorded"), ("assessor_2", second)):
        assessor = people[field]
        scores = {
            c["id"]: {"result": "satisfied", "justification": ""}
            for wp in pvb.assignment_snapshot["work_processes"]
            for c in wp["criteria"]
        }
        states = [("draft", None, assessor)]
        if state == "recorded":
            states.append(("recorded", "record", assessor))
        form = builder.add(
            pvb,
            "AssessmentForm",
            neutral_name("AssessmentForm"),
            assessor,
            None,
            states=states,
            assessor=assessor,
            scores=scores,
        )
        if state == "recorded":
            form.recorded_at = datetime(2027, 2, 20, 10, 0).isoformat()
            details = {"assessor": assessor, "open_criteria": []}
            record(form, "form_recorded", details, assessor, role=field)
        builder.unversioned.append(form)
        builder.index(form, ("AssessmentForm", state, phase))
    if phase == "closed":
        pvb.result = "passed"
        pvb.result_motivation = "Alle cruciale criteria voldaan."
        pvb.result_by = "examencie-vaart"
        pvb.result_at = datetime(2027, 2, 27, 10, 0, tzinfo=UTC).isoformat()


def save_form_version(form):
    """The form's version as the process saves it: "Vastgelegd" when it is recorded, else
    that of its last scores change. Saved as the system: the generator sets the final
    workflow state first, and nobody may save a version of a recorded form."""
    from AccessControl.SecurityManagement import getSecurityManager
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import setSecurityManager
    from AccessControl.SpecialUsers import system

    recorded = form.portal_workflow.getInfoFor(form, "review_state", None) == "recorded"
    before = getSecurityManager()
    newSecurityManager(None, system)
    try:
        form.portal_repository.save(
            obj=form, comment="Vastgelegd" if recorded else "Beoordeling bijgewerkt"
        )
    finally:
        setSecurityManager(before)


def _approve(pvb, approvers):
    approvals = IAnnotations(pvb).setdefault(APPROVALS_KEY, PersistentMapping())
    current = content_hash(pvb)
    for role, userid in approvers.items():
        approval = {"userid": userid, "role": role, "time": "2026-09-02T08:00:00+00:00"}
        approval["hash"] = current
        approvals[role] = approval
        record(pvb, "approved", approval, actor=userid, role=role)


def generate_pvbs(portal, school_id, total, assignment_uid=None):
    """Grow a school to `total` generated PvBs (kept for the other scenarios)."""
    return generate(portal, total, school_id)


def _zconsole(app, argv):
    """zconsole run etc/zope.conf benchmarks/generate.py --pvbs N [--site proeve]"""
    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    import argparse

    parser = argparse.ArgumentParser(prog="generate.py")
    parser.add_argument("--pvbs", type=int, default=1000)
    parser.add_argument("--site", default="proeve")
    parser.add_argument("--school", default="roc-de-vaart")
    args = parser.parse_args(argv)
    app = makerequest(app)
    portal = app[args.site]
    setSite(portal)
    admin = app.acl_users.getUserById("admin") or portal.acl_users.getUserById("platformbeheer")
    newSecurityManager(None, admin.__of__(app.acl_users) if admin else None)
    import proeve.process.notify

    proeve.process.notify.send = lambda *a, **k: 0
    start, cpu = time.perf_counter(), time.process_time()
    made = generate(portal, args.pvbs, args.school, progress=lambda m: print(m, flush=True))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = made / seconds if seconds else 0
    print(
        f"generated {made:,} PvBs in {seconds:.0f} s ({rate:.0f} PvBs/s; "
        f"CPU {cpu:.0f} s, {cpu * 1000 / max(made, 1):.1f} ms per PvB)",
        flush=True,
    )
    # Closing writes Data.fs.index: a server opening it need not scan the whole file.
    app._p_jar.db().close()


if __name__ == "__main__" and "app" in globals():
    import sys

    script = [a for a in sys.argv if a.endswith("generate.py")]
    _zconsole(globals()["app"], sys.argv[sys.argv.index(script[-1]) + 1 :] if script else [])
