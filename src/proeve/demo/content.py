"""Demo content: two schools with rosters, groups, candidates, banks and PvBs."""

from collective.workspace.interfaces import IWorkspace
from datetime import date
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer
from proeve.demo.process import advance


def _criteria(prefix, texts, crucial=()):
    return [
        {"id": f"{prefix}-{n}", "text": text, "crucial": n in crucial}
        for n, text in enumerate(texts, start=1)
    ]


NATIONAL_ASSIGNMENTS = {
    "eerste-monteur-installatie-woning": {
        "title": "Installeren van een woninginstallatie",
        "crebo": "25451",
        "qualification": "Eerste monteur elektrotechnische installaties woning en utiliteit",
        "qualification_cohort": 2024,
        "kind": "national",
        "text": "<p>Je legt een complete elektrotechnische installatie aan in een woning: "
        "van werkvoorbereiding tot oplevering aan de klant.</p>",
        "work_processes": [
            {
                "core_task": "B1-K1",
                "code": "B1-K1-W1",
                "title": "Bereidt de werkzaamheden voor",
                "criteria": _criteria(
                    "W1",
                    [
                        "Controleert de tekeningen en het materiaal op volledigheid",
                        "Maakt een realistische werkplanning",
                        "Treft de juiste veiligheidsmaatregelen (VCA)",
                    ],
                    crucial={3},
                ),
            },
            {
                "core_task": "B1-K1",
                "code": "B1-K1-W2",
                "title": "Installeert de elektrotechnische installatie",
                "criteria": _criteria(
                    "W2",
                    [
                        "Legt leidingen aan volgens tekening en NEN 1010",
                        "Sluit groepen en eindpunten correct aan",
                        "Werkt netjes en ruimt de werkplek op",
                    ],
                    crucial={1},
                ),
            },
            {
                "core_task": "B1-K2",
                "code": "B1-K2-W1",
                "title": "Test en draagt de installatie over",
                "criteria": _criteria(
                    "K2W1",
                    [
                        "Meet isolatieweerstand en aardverbinding en legt de waarden vast",
                        "Licht de installatie toe aan de klant",
                    ],
                    crucial={1},
                ),
            },
        ],
    },
    "service-monteur-storing": {
        "title": "Verhelpen van een storing in een klimaatinstallatie",
        "crebo": "25462",
        "qualification": "Servicemonteur koudetechniek en klimaatsystemen",
        "qualification_cohort": 2023,
        "kind": "national",
        "text": "<p>Je lokaliseert en verhelpt een storing bij een klant en rapporteert.</p>",
        "work_processes": [
            {
                "core_task": "B1-K1",
                "code": "B1-K1-W3",
                "title": "Lokaliseert en verhelpt storingen",
                "criteria": _criteria(
                    "S1",
                    [
                        "Stelt systematisch de oorzaak van de storing vast",
                        "Verhelpt de storing veilig en binnen de afgesproken tijd",
                        "Rapporteert de storing en de oplossing volledig",
                    ],
                    crucial={2},
                ),
            }
        ],
    },
}

SCHOOL_ASSIGNMENT = {
    "id": "meterkast-vervangen",
    "title": "Vervangen van een meterkast (schoolopdracht)",
    "crebo": "25451",
    "qualification": "Eerste monteur elektrotechnische installaties woning en utiliteit",
    "qualification_cohort": 2024,
    "kind": "school",
    "text": "<p>Je vervangt een verouderde meterkast in de praktijkruimte van de school.</p>",
    "work_processes": [
        {
            "core_task": "B1-K1",
            "code": "B1-K1-W2",
            "title": "Installeert de elektrotechnische installatie",
            "criteria": _criteria(
                "M",
                [
                    "Schakelt de installatie spanningsloos en borgt dit",
                    "Monteert de nieuwe kast volgens tekening",
                ],
                crucial={1},
            ),
        }
    ],
}

# A keuzedeel exam (proeve.exam_kinds: code K0080, not a crebo) at school: the school's
# own assignment, examined in the school's practice room without a praktijkbegeleider.
ELECTIVE_ASSIGNMENT = {
    "id": "keuzedeel-domotica",
    "title": "Domotica in de woning (keuzedeel)",
    "crebo": "K0080",
    "qualification": "Keuzedeel Domotica en slimme installaties",
    "qualification_cohort": 2024,
    "kind": "school",
    "text": "<p>Je installeert en programmeert een domoticasysteem in de praktijkwoning van "
    "de school.</p>",
    "work_processes": [
        {
            "core_task": "K0080",
            "code": "K0080-W1",
            "title": "Installeert en programmeert een domoticasysteem",
            "criteria": _criteria(
                "D",
                [
                    "Sluit de componenten veilig aan volgens het schema",
                    "Programmeert de gevraagde scenario's en test ze met de klant",
                ],
                crucial={1},
            ),
        }
    ],
}

FULL_PEOPLE = {
    "school_supervisor": "docent-vaart",
    "workplace_supervisor": "praktijk-jansen",
    "assessor_1": "beoordelaar-1",
    "assessor_2": "beoordelaar-2",
    "establisher": "vaststeller-vaart",
}

SCHOOLS = {
    "roc-de-vaart": {
        "title": "ROC De Vaart",
        "brin": "99XA",
        "roster": {
            "beheer-vaart": {"Admins"},
            "docent-vaart": {"Supervisors"},
            "examencie-vaart": {"ExamCommittee"},
            "praktijk-jansen": {"WorkplaceSupervisors"},
            "beoordelaar-1": {"Assessors"},
            "beoordelaar-2": {"Assessors"},
            "vaststeller-vaart": {"Establishers"},
            "student-sanne": {"Candidates"},
            "student-mo": {"Candidates"},
            "student-daan": {"Candidates"},
            "student-eline": {"Candidates"},
            "student-finn": {"Candidates"},
            "student-gijs": {"Candidates"},
            "student-iris": {"Candidates"},
            "koppeling-vaart": {"Integrations"},
        },
        "groups": {
            "mei-2024-25451": {
                "title": "Eerste monteur 2024 (25451)",
                "qualification_cohort": 2024,
                "crebo": "25451",
                "candidates": {
                    "kandidaat-0001": ("100231", "Sanne", "de Vries", "student-sanne"),
                    "kandidaat-0002": ("100232", "Mohammed", "El Amrani", "student-mo"),
                    "kandidaat-0003": ("100233", "Daan", "Jansen", "student-daan"),
                    "kandidaat-0004": ("100234", "Eline", "Bos", "student-eline"),
                    "kandidaat-0005": ("100235", "Finn", "de Boer", "student-finn"),
                    "kandidaat-0006": ("100236", "Gijs", "Mulder", "student-gijs"),
                },
            },
            "keuzedeel-2024-k0080": {
                "title": "Keuzedeel Domotica 2024 (K0080)",
                "qualification_cohort": 2024,
                "crebo": "K0080",
                "assignment": ("opdrachtenbank", ELECTIVE_ASSIGNMENT["id"]),
                "exam_location": "Praktijkwoning ROC De Vaart, Zwolle",
                "candidates": {
                    "kandidaat-0007": ("100237", "Iris", "Smit", "student-iris"),
                },
            },
        },
        "pvbs": {
            # candidate id -> people of its demo PvB
            "kandidaat-0001": {
                "school_supervisor": "docent-vaart",
                "workplace_supervisor": "praktijk-jansen",
                "assessor_1": "beoordelaar-1",
                "assessor_2": "beoordelaar-2",
                "establisher": "vaststeller-vaart",
            },
            "kandidaat-0002": {
                "school_supervisor": "docent-vaart",
                "assessor_1": "beoordelaar-2",
            },
            **{
                cand_id: dict(FULL_PEOPLE)
                for cand_id in (
                    "kandidaat-0003",
                    "kandidaat-0004",
                    "kandidaat-0005",
                    "kandidaat-0006",
                )
            },
            # The keuzedeel exam: no praktijkbegeleider (its kind does not require one).
            "kandidaat-0007": {
                "school_supervisor": "docent-vaart",
                "assessor_1": "beoordelaar-1",
                "assessor_2": "beoordelaar-2",
                "establisher": "vaststeller-vaart",
            },
        },
        # candidate id -> the phase its demo PvB is brought to
        "phases": {
            "kandidaat-0003": "establishment",
            "kandidaat-0004": "execution",
            "kandidaat-0005": "assessment",
            "kandidaat-0006": "closed",
            "kandidaat-0007": "execution",
        },
    },
    "noorderlicht-college": {
        "title": "Noorderlicht College",
        "brin": "99XB",
        # The school says praktijkopleider (proeve.terms); Joop Jansen serves both schools
        # and is called by each school's own word.
        "settings": {"workplace_supervisor_term": "praktijkopleider"},
        "roster": {
            "beheer-noorder": {"Admins"},
            "docent-noorder": {"Supervisors"},
            "praktijk-jansen": {"WorkplaceSupervisors"},
            "student-lotte": {"Candidates"},
        },
        "groups": {
            "koude-2023-25462": {
                "title": "Servicemonteur koudetechniek 2023 (25462)",
                "qualification_cohort": 2023,
                "crebo": "25462",
                "candidates": {
                    "kandidaat-0001": ("N-5531", "Lotte", "Hoekstra", "student-lotte"),
                },
            },
        },
        "pvbs": {
            "kandidaat-0001": {
                "school_supervisor": "docent-noorder",
                "workplace_supervisor": "praktijk-jansen",
            },
        },
    },
}

# candidate id in a school -> national assignment it is examined on
PVB_ASSIGNMENT = {
    "roc-de-vaart": "eerste-monteur-installatie-woning",
    "noorderlicht-college": "service-monteur-storing",
}


def _create(container, type_name, obj_id, **fields):
    if obj_id in container.objectIds():
        return container[obj_id], False
    obj = createContentInContainer(
        container, type_name, checkConstraints=False, id=obj_id, **fields
    )
    return obj, True


def _assignment(container, obj_id, data):
    data = dict(data)
    data["text"] = RichTextValue(data["text"], "text/html", "text/x-html-safe")
    assignment, new = _create(container, "ExamAssignment", obj_id, **data)
    if new:
        # Demo assignments are vastgesteld, so they can be chosen for a PvB.
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=assignment, transition="establish")
    return assignment, new


def ensure_demo_content(portal):
    created = []
    bank = portal["examenbank"]
    for obj_id, data in NATIONAL_ASSIGNMENTS.items():
        _obj, new = _assignment(bank, obj_id, data)
        if new:
            created.append(f"examenbank/{obj_id}")

    schools = portal["scholen"]
    for school_id, spec in SCHOOLS.items():
        school, new = _create(
            schools,
            "School",
            school_id,
            title=spec["title"],
            brin=spec["brin"],
            **spec.get("settings", {}),
        )
        if new:
            created.append(school_id)
        roster = IWorkspace(school)
        for userid, groups in spec["roster"].items():
            if userid not in roster.members:
                roster.add_to_team(user=userid, groups=set(groups))
        if school_id == "roc-de-vaart":
            for school_assignment in (SCHOOL_ASSIGNMENT, ELECTIVE_ASSIGNMENT):
                data = {k: v for k, v in school_assignment.items() if k != "id"}
                _obj, new = _assignment(school["opdrachtenbank"], school_assignment["id"], data)
                if new:
                    created.append(f"{school_id}/opdrachtenbank/{school_assignment['id']}")
        for group_id, group_spec in spec["groups"].items():
            if "assignment" in group_spec:
                assignment = school.unrestrictedTraverse(group_spec["assignment"])
            else:
                assignment = bank[PVB_ASSIGNMENT[school_id]]
            group, new = _create(
                school,
                "ExamGroup",
                group_id,
                title=group_spec["title"],
                qualification_cohort=group_spec["qualification_cohort"],
                crebo=group_spec["crebo"],
            )
            for cand_id, (code, first, last, login) in group_spec["candidates"].items():
                candidate, new = _create(
                    group,
                    "Candidate",
                    cand_id,
                    student_code=code,
                    first_name=first,
                    last_name=last,
                    email=f"{login}@demo.proeve.invalid",
                    userid=login,
                )
                if new:
                    created.append(f"{school_id}/{group_id}/{cand_id}")
                people = spec["pvbs"].get(cand_id)
                if people is not None:
                    _pvb, new = _create(
                        candidate,
                        "PvB",
                        "pvb-demo",
                        assignment_uid=assignment.UID(),
                        exam_location=group_spec.get(
                            "exam_location", "Installatiebedrijf Jansen, Zwolle"
                        ),
                        start_date=date(2026, 9, 1),
                        end_date=date(2027, 1, 31),
                        **people,
                    )
                    if new:
                        created.append(f"{school_id}/{group_id}/{cand_id}/pvb-demo")
                        phase = spec.get("phases", {}).get(cand_id)
                        if phase:
                            advance(_pvb, phase)
    return created
