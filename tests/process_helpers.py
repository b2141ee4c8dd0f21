"""Drive a demo PvB through the exam process over REST, as its people would."""

from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD


SANNE_PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
APPROVERS = ("student-sanne", "docent-vaart", "praktijk-jansen")


def add_attachment(pvb, id, title, data, filename):
    """A file attached to the PvB, added as the ROC-begeleider does (a subscriber checks
    who adds attachments)."""
    with api.env.adopt_user(username="docent-vaart"):
        return createContentInContainer(
            pvb,
            "File",
            checkConstraints=False,
            id=id,
            title=title,
            file=NamedBlobFile(data, filename=filename),
        )


def imported_candidate(portal, number, last_name="Nieuw", email="noor@example.org"):
    """A candidate the school imported into the demo group, without a login yet (committed):
    kandidaat-<number>, student code 100200 + number."""
    import transaction

    group = portal.unrestrictedTraverse("scholen/roc-de-vaart/mei-2024-25451")
    candidate = createContentInContainer(
        group,
        "Candidate",
        checkConstraints=False,
        id=f"kandidaat-{number:04d}",
        student_code=str(100200 + number),
        first_name="Noor",
        last_name=last_name,
        email=email,
    )
    transaction.commit()
    return candidate


class Process:
    def __init__(self, request_factory, path=SANNE_PVB, approvers=APPROVERS):
        self.factory = request_factory
        self.path = path
        # Whose approvals the PvB waits for (a keuzedeel exam's: no praktijkbegeleider).
        self.approvers = approvers
        self.sessions = {}

    def as_(self, login):
        if login not in self.sessions:
            self.sessions[login] = self.factory(basic_auth=(login, DEMO_PASSWORD))
        return self.sessions[login]

    def dossier(self, login="docent-vaart"):
        response = self.as_(login).get(f"{self.path}/@dossier")
        assert response.status_code == 200, response.text
        return response.json()

    def phase(self):
        return self.dossier("platformbeheer")["phase"]

    def approve(self, login, content_hash=None):
        if content_hash is None:
            content_hash = self.dossier(login)["content_hash"]
        return self.as_(login).post(f"{self.path}/@approve", json={"content_hash": content_hash})

    def transition(self, login, name, **body):
        return self.as_(login).post(f"{self.path}/@workflow/{name}", json=body)

    def journal(self, login="examencie-vaart"):
        response = self.as_(login).get(f"{self.path}/@journal")
        assert response.status_code == 200, response.text
        return response.json()

    def actions(self):
        return [e["action"] for e in self.journal()["items"]]

    # The steps, each asserting it worked.
    def to_establishment(self):
        for login in self.approvers:
            response = self.approve(login)
            assert response.status_code == 201, response.text
        assert self.phase() == "establishment"

    def to_execution(self):
        self.to_establishment()
        response = self.transition("vaststeller-vaart", "establish")
        assert response.status_code == 200, response.text
        assert self.phase() == "execution"

    def to_assessment(self):
        self.to_execution()
        response = self.transition("docent-vaart", "start_assessment")
        assert response.status_code == 200, response.text
        assert self.phase() == "assessment"

    def fill_form(self, login, result="satisfied"):
        session = self.as_(login)
        assert session.post(f"{self.path}/@assessment").status_code in (200, 201)
        criteria = [
            c["id"]
            for p in self.dossier("platformbeheer")["assignment"]["work_processes"]
            for c in p["criteria"]
        ]
        scores = {c: {"result": result, "justification": "onderbouwing"} for c in criteria}
        response = session.patch(f"{self.path}/@assessment", json={"scores": scores})
        assert response.status_code == 200, response.text
        response = session.post(f"{self.path}/@record-assessment", json={})
        assert response.status_code == 200, response.text

    def to_closed(self, result="passed"):
        self.to_execution()
        self.close_from_execution(result)

    def close_from_execution(self, result="passed"):
        """Start the assessment, both assessors record, the exam committee decides."""
        response = self.transition("docent-vaart", "start_assessment")
        assert response.status_code == 200, response.text
        self.fill_form("beoordelaar-1")
        self.fill_form("beoordelaar-2")
        response = self.as_("examencie-vaart").post(
            f"{self.path}/@establish-result", json={"result": result, "motivation": "Goed"}
        )
        assert response.status_code == 200, response.text
        assert self.phase() == "closed"


# A vastgestelde schoolopdracht of the demo group's crebo (25451) and cohort: another
# assignment that fits Sanne's and the group's candidates.
SCHOOL_ASSIGNMENT = "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"
SCHOOL_ASSIGNMENT_TITLE = "Vervangen van een meterkast (schoolopdracht)"
