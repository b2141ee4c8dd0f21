"""Demo logins, one per role of the design (README lists them)."""

from plone import api


# One password for every demo login: this is demo data, not a real account.
DEMO_PASSWORD = "proeve-demo"  # noqa: S105

# user id, full name, role in Proeve (as the README shows it), school or None
DEMO_USERS = (
    ("platformbeheer", "Petra Platform", "platformbeheerder", None),
    ("beheer-vaart", "Bram Beheer", "schoolbeheerder", "ROC De Vaart"),
    ("beheer-noorder", "Nina Noorder", "schoolbeheerder", "Noorderlicht College"),
    ("docent-vaart", "Dirk Docent", "ROC-begeleider", "ROC De Vaart"),
    ("docent-noorder", "Dana de Wit", "ROC-begeleider", "Noorderlicht College"),
    # Each school calls him by its own word (Noorderlicht says praktijkopleider).
    ("praktijk-jansen", "Joop Jansen", "praktijkbegeleider / praktijkopleider", None),
    ("beoordelaar-1", "Bea Bakker", "beoordelaar (eerste)", "ROC De Vaart"),
    ("beoordelaar-2", "Ben Visser", "beoordelaar (tweede)", "ROC De Vaart"),
    ("vaststeller-vaart", "Vera Vast", "vaststeller", "ROC De Vaart"),
    ("examencie-vaart", "Eva Commissie", "examencommissie", "ROC De Vaart"),
    ("student-sanne", "Sanne de Vries", "kandidaat", "ROC De Vaart"),
    ("student-mo", "Mohammed El Amrani", "kandidaat", "ROC De Vaart"),
    ("student-lotte", "Lotte Hoekstra", "kandidaat", "Noorderlicht College"),
    ("student-daan", "Daan Jansen", "kandidaat (PvB ter vaststelling)", "ROC De Vaart"),
    ("student-eline", "Eline Bos", "kandidaat (PvB in uitvoering)", "ROC De Vaart"),
    ("student-finn", "Finn de Boer", "kandidaat (PvB in beoordeling)", "ROC De Vaart"),
    ("student-gijs", "Gijs Mulder", "kandidaat (PvB afgesloten)", "ROC De Vaart"),
    ("student-iris", "Iris Smit", "kandidaat (keuzedeelexamen in uitvoering)", "ROC De Vaart"),
    ("koppeling-vaart", "Koppeling Eduarte", "koppeling (REST API)", "ROC De Vaart"),
)

# The platform admin runs the whole site; everyone else gets local roles only.
GLOBAL_ROLES = {"platformbeheer": ["Manager"]}


def ensure_demo_users(portal):
    created = []
    for userid, fullname, _role, _school in DEMO_USERS:
        if api.user.get(userid=userid) is not None:
            continue
        api.user.create(
            username=userid,
            email=f"{userid}@demo.proeve.invalid",
            password=DEMO_PASSWORD,
            properties={"fullname": fullname},
        )
        # Straight to the role manager: set-up code, not a user granting roles.
        for role in GLOBAL_ROLES.get(userid, ()):
            portal.acl_users.portal_role_manager.assignRoleToPrincipal(role, userid)
        created.append(userid)
    return created
