"""What is changed behind the process is detected (issue 18, point 2).

A Manager can change anything stored in the database. The journal entry that records a form,
an approval, an evidence file or a result carries the SHA-256 of that record's content, which
verification recomputes; and the chain heads are written outside the database (the anchor
file, a backup manifest), so a journal rewritten and re-hashed, or shortened, is detected.
"""

from plone.app.testing import login
from proeve.journal import verify
from proeve.journal.store import chain_for
from proeve.journal.store import entry_hash
from proeve.journal.store import head_value
from proeve.journal.store import heads
from proeve.journal.verify import head_points
from proeve.journal.verify import verify_chain
from tests.process_helpers import Process
import pytest
import transaction


ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution


@pytest.fixture
def anchors(tmp_path, monkeypatch):
    path = tmp_path / "journal-anchors.log"
    monkeypatch.setenv("PROEVE_JOURNAL_ANCHORS", str(path))
    return path


@pytest.fixture
def closed(functional_portal, request_factory, anchors):
    process = Process(request_factory)
    process.to_closed()
    transaction.begin()
    return process


@pytest.fixture
def recorded(functional_portal, request_factory, anchors):
    """Both forms recorded; the exam committee has not established the result yet."""
    process = Process(request_factory)
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    process.fill_form("beoordelaar-2")
    transaction.begin()
    return process


def forms(pvb):
    return [o for o in pvb.objectValues() if o.portal_type == "AssessmentForm"]


def problems(portal, **kwargs):
    transaction.begin()
    return verify(portal, **kwargs)[2]


def test_the_process_leaves_every_record_as_journaled(functional_portal, closed):
    """Forms, approvals and the result are journaled with their hash, and they verify."""
    pvb = functional_portal.unrestrictedTraverse(closed.path)
    kinds = {e["record"]["kind"] for e in chain_for(pvb) if "record" in e}
    assert kinds == {"approval", "form", "result"}
    assert problems(functional_portal) == []
    items = closed.journal()["items"]
    recorded = [i for i in items if i["action"] == "form_recorded"]
    assert len(recorded[0]["record"]["sha256"]) == 64


def test_a_form_changed_behind_the_process_is_reported(functional_portal, recorded):
    """The attack of the issue: the platform admin opens a recorded form (permission,
    workflow chain emptied, versioning off), PATCHes its scores and puts everything back.
    The form is still 'recorded'; verification reports it, on every channel."""
    portal = functional_portal
    closed = recorded
    pvb = portal.unrestrictedTraverse(closed.path)
    form = forms(pvb)[0]
    path = f"{closed.path}/{form.getId()}"
    login(portal, "platformbeheer")
    workflow = portal.portal_workflow
    chain = workflow.getChainForPortalType("AssessmentForm")
    form.manage_permission("Modify portal content", ["Manager"], acquire=0)
    workflow.setChainForPortalTypes(["AssessmentForm"], ())
    versions = portal.portal_repository.getVersionableContentTypes()
    portal.portal_repository.setVersionableContentTypes(
        [t for t in versions if t != "AssessmentForm"]
    )
    transaction.commit()
    scores = {
        criterion: dict(score, result="unsatisfactory", justification="toch niet")
        for criterion, score in form.scores.items()
    }
    response = closed.as_("platformbeheer").patch(path, json={"scores": scores})
    assert response.status_code == 204, response.text
    transaction.begin()
    workflow.setChainForPortalTypes(["AssessmentForm"], chain)
    portal.portal_repository.setVersionableContentTypes(versions)
    form.manage_permission("Modify portal content", (), acquire=1)
    transaction.commit()
    assert workflow.getInfoFor(form, "review_state") == "recorded"
    assert form.scores == scores

    found = problems(portal)
    assert any(
        f"the form {path} was changed after it was journaled" in p and "(form_recorded)" in p
        for p in found
    ), found
    assert closed.journal()["verified"] is False
    site_check = closed.as_("platformbeheer").get("@journal-verify").json()
    assert site_check["verified"] is False


def test_changed_result_approval_and_correction_are_reported(functional_portal, closed):
    from zope.annotation.interfaces import IAnnotations

    pvb = functional_portal.unrestrictedTraverse(closed.path)
    pvb.result = "failed"
    approval = IAnnotations(pvb)["proeve.approvals"]["candidate"]
    IAnnotations(pvb)["proeve.approvals"]["candidate"] = dict(approval, time="2020-01-01")
    transaction.commit()
    found = problems(functional_portal)
    assert any("(result_established): the result" in p for p in found), found
    assert any("(approved): the approval of candidate" in p for p in found), found


def test_a_removed_form_is_reported(functional_portal, closed):
    pvb = functional_portal.unrestrictedTraverse(closed.path)
    form = forms(pvb)[0]
    pvb._delObject(form.getId(), suppress_events=True)
    transaction.commit()
    found = problems(functional_portal)
    assert any(f"the form it records is gone ({form.absolute_url_path()})" in p for p in found)


def test_a_correction_through_the_process_verifies(functional_portal, recorded):
    """A correction is a new record: the original keeps its hash, the correction has its own."""
    process = recorded
    pvb = functional_portal.unrestrictedTraverse(process.path)
    original = forms(pvb)[0]
    committee = process.as_("examencie-vaart")
    response = committee.post(
        f"{process.path}/@assessment-correction",
        json={"form": original.getId(), "decision": "Besluit EC: criterium 1 opnieuw"},
    )
    assert response.status_code == 201, response.text
    assert problems(functional_portal) == []
    correction = [f for f in forms(pvb) if f.corrects][0]
    correction.decision = "een ander besluit"
    transaction.commit()
    found = problems(functional_portal)
    assert any("(correction_created): the correction" in p for p in found), found


class TestEvidence:
    def evidence(self, portal):
        pvb = portal.unrestrictedTraverse(ELINE)
        return [o for o in pvb.objectValues() if o.portal_type == "Evidence"][0]

    def test_the_demo_evidence_is_journaled_with_its_hash(self, functional_portal):
        evidence = self.evidence(functional_portal)
        entries = [e for e in chain_for(evidence.aq_parent) if e["action"] == "evidence_uploaded"]
        assert entries[0]["record"]["kind"] == "evidence"
        assert problems(functional_portal) == []

    def test_changed_bytes_of_an_evidence_file_are_reported(self, functional_portal):
        evidence = self.evidence(functional_portal)
        size = evidence.file.getSize()
        # The bytes overwritten in place: the name, the size and the stored digest stay.
        with evidence.file._blob.open("w") as stream:
            stream.write(b"X" * size)
        transaction.commit()
        found = problems(functional_portal)
        path = "/".join(evidence.getPhysicalPath()[2:])
        assert any(f"(evidence_uploaded): the evidence {path} was changed" in p for p in found), (
            found
        )

    def test_a_replaced_file_through_the_process_holds_its_new_hash(self, functional_portal):
        from plone.namedfile.file import NamedBlobFile
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        evidence = self.evidence(functional_portal)
        evidence.file = NamedBlobFile(b"new version", filename="verslag.pdf")
        notify(ObjectModifiedEvent(evidence))
        transaction.commit()
        assert problems(functional_portal) == []


class TestAnchors:
    def rehash(self, portal, chain, start):
        """Rewrite the chain from entry start on, consistently: hashes, links, length, the
        site's head. Only what lies outside the database can tell."""
        previous = chain.entries[start - 1]["hash"]
        for seq in range(start, chain.length):
            entry = dict(chain.entries[seq], prev=previous)
            entry["hash"] = entry_hash(entry)
            chain.entries[seq] = entry
            previous = entry["hash"]
        chain.last_hash = previous
        heads(portal)[chain.chain_id] = head_value(chain.length, chain.last_hash)
        transaction.commit()

    def test_the_anchor_file_holds_every_head(self, functional_portal, closed, anchors):
        chain = chain_for(functional_portal.unrestrictedTraverse(closed.path))
        lines = [line.split() for line in anchors.read_text().splitlines()]
        assert all(len(parts) == 5 for parts in lines)
        last = [parts for parts in lines if parts[2] == chain.chain_id][-1]
        assert last[3:] == [str(chain.length), chain.last_hash]
        assert problems(functional_portal) == []

    def test_a_consistently_rewritten_chain_is_caught(self, functional_portal, closed):
        portal = functional_portal
        chain = chain_for(portal.unrestrictedTraverse(closed.path))
        seq = next(s for s, e in chain.entries.items() if e["action"] == "result_established")
        chain.entries[seq] = dict(chain.entries[seq], details={"result": "failed"})
        self.rehash(portal, chain, seq)
        assert verify_chain(chain, None)[0] == []  # the chain itself holds together
        found = problems(portal)
        assert any("differs from the one the anchor file" in p for p in found), found
        assert any(closed.path in p for p in found), found

    def test_cut_entries_with_fixed_heads_are_caught(self, functional_portal, closed):
        portal = functional_portal
        chain = chain_for(portal.unrestrictedTraverse(closed.path))
        length = chain.length
        for seq in (length - 1, length - 2):
            del chain.entries[seq]
        chain.length = length - 2
        chain.last_hash = chain.entries[length - 3]["hash"]
        heads(portal)[chain.chain_id] = head_value(chain.length, chain.last_hash)
        transaction.commit()
        assert verify_chain(chain, None)[0] == []
        found = problems(portal)
        assert any(
            f"{length - 2} entries, but the anchor file" in p and "cut off" in p for p in found
        ), found

    def test_a_cut_chain_that_grows_again_is_caught(self, functional_portal, closed):
        """Undo and carry on: the chain is as long again, but not the chain anchored."""
        from proeve.journal import record

        portal = functional_portal
        pvb = portal.unrestrictedTraverse(closed.path)
        chain = chain_for(pvb)
        length = chain.length
        del chain.entries[length - 1]
        chain.length = length - 1
        chain.last_hash = chain.entries[length - 2]["hash"]
        heads(portal)[chain.chain_id] = head_value(chain.length, chain.last_hash)
        record(pvb, "exported", {"export": "x"})
        transaction.commit()
        assert chain.length == length
        found = problems(portal)
        assert any(f"entry {length - 1} differs" in p for p in found), found

    def test_lines_newer_than_the_database_read_are_left_for_later(
        self, functional_portal, closed, anchors
    ):
        """A backup reads the database while the site goes on: heads committed after the
        view it reads are not compared with it (they would look cut off)."""
        from proeve.journal.anchors import line
        from proeve.journal.anchors import view_tid

        portal = functional_portal
        chain = chain_for(portal.unrestrictedTraverse(closed.path))
        newer = f"{view_tid(portal) + 1:016x}"
        with anchors.open("a") as stream:
            stream.write(line("later", newer, chain.chain_id, chain.length + 3, "f" * 64))
        notes = []
        assert problems(portal, notes=notes) == []
        assert any("newer than this view" in note for note in notes), notes

    def test_the_backup_manifest_heads_catch_a_cut_too(
        self, functional_portal, closed, monkeypatch
    ):
        """Without the anchor file (lost with the server), the manifest of a backup holds."""
        portal = functional_portal
        manifest = head_points(portal)
        monkeypatch.delenv("PROEVE_JOURNAL_ANCHORS")
        chain = chain_for(portal.unrestrictedTraverse(closed.path))
        last = chain.length - 1
        del chain.entries[last]
        chain.length = last
        chain.last_hash = chain.entries[last - 1]["hash"]
        heads(portal)[chain.chain_id] = head_value(chain.length, chain.last_hash)
        transaction.commit()
        assert problems(portal) == []
        found = problems(portal, manifest_heads=manifest)
        assert any("the backup manifest recorded" in p for p in found), found

    def test_the_inventory_writes_the_heads_into_the_manifest(self, functional_portal, closed):
        from proeve.inventory import inventory

        found = inventory(functional_portal)
        assert found["journal"]["heads"] == head_points(functional_portal)
        assert found["problems"] == []

    def test_verify_journal_command_with_a_manifest(self, functional_portal, closed, tmp_path):
        from Acquisition import aq_parent
        from proeve.journal.cli import main
        import json

        portal = functional_portal
        manifest = tmp_path / "manifest.json"
        manifest.write_text(json.dumps({"journal": {"heads": head_points(portal)}}))
        chain = chain_for(portal.unrestrictedTraverse(closed.path))
        chain.entries[1] = dict(chain.entries[1], actor="iemand")
        self.rehash(portal, chain, 1)
        lines = []
        status = main(aq_parent(portal), portal.getId(), out=lines.append, manifest=manifest)
        assert status == 1
        assert any("the anchor file" in line for line in lines), lines
        assert any("the backup manifest" in line for line in lines), lines


def unseal(site, pvb):
    """The PvB's chain as a site before 1009 wrote it: the same entries, no record hashes."""
    from proeve.journal.store import Chain

    old = chain_for(pvb)
    new = Chain(old.chain_id)
    for entry in old:
        new.append({k: v for k, v in entry.items() if k not in ("record", "seq", "prev", "hash")})
    from zope.annotation.interfaces import IAnnotations

    IAnnotations(pvb)["proeve.journal"] = new
    heads(site)[new.chain_id] = head_value(new.length, new.last_hash)


def test_upgrade_1009_seals_the_records_made_before_hashes(functional_portal, closed, anchors):
    from proeve.upgrades.v1009 import seal_existing_records

    portal = functional_portal
    pvb = portal.unrestrictedTraverse(closed.path)
    unseal(portal, pvb)
    anchors.write_text("")  # sites before 1009 had no anchor file either
    transaction.commit()
    pvb.result = "failed"
    transaction.commit()
    assert problems(portal) == []  # unsealed, the change goes unnoticed

    pvb.result = "passed"
    length = chain_for(pvb).length
    seal_existing_records(portal.portal_setup)
    transaction.commit()
    sealed = [e for e in chain_for(pvb) if e["action"] == "record_sealed"]
    assert {e["record"]["kind"] for e in sealed} == {"approval", "form", "result"}
    assert {e["role"] for e in sealed} == {"system"}
    assert chain_for(pvb).length == length + len(sealed)
    assert problems(portal) == []

    seal_existing_records(portal.portal_setup)  # a second run seals nothing again
    transaction.commit()
    assert chain_for(pvb).length == length + len(sealed)

    pvb.result = "failed"
    transaction.commit()
    found = problems(portal)
    assert any("(record_sealed): the result" in p for p in found), found
