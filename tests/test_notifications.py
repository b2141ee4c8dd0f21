"""Mail goes to whoever's turn it is, and only once the work is committed."""

from email import message_from_bytes
from email import message_from_string
from proeve.process.notify import send
from tests.process_helpers import Process
import pytest
import threading
import transaction


def parsed(raw):
    return message_from_bytes(raw) if isinstance(raw, bytes) else message_from_string(raw)


def recipients(sent):
    return [parsed(m)["To"] for m in sent]


def subjects(sent):
    return [parsed(m)["Subject"] for m in sent]


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def test_each_step_mails_the_next_people(process, sent_mail):
    process.to_establishment()
    assert recipients(sent_mail) == ["vaststeller-vaart@demo.proeve.invalid"]
    assert subjects(sent_mail)[0].startswith("Ter vaststelling")
    sent_mail.clear()
    assert process.transition("vaststeller-vaart", "establish").status_code == 200
    assert sorted(recipients(sent_mail)) == [
        "docent-vaart@demo.proeve.invalid",
        "praktijk-jansen@demo.proeve.invalid",
        "student-sanne@demo.proeve.invalid",
    ]
    sent_mail.clear()
    assert process.transition("docent-vaart", "start_assessment").status_code == 200
    assert sorted(recipients(sent_mail)) == [
        "beoordelaar-1@demo.proeve.invalid",
        "beoordelaar-2@demo.proeve.invalid",
        "student-sanne@demo.proeve.invalid",
    ]
    # The candidate hears that evidence can no longer be added (FAQ, fase 1, vraag 5).
    to_candidate = next(parsed(m) for m in sent_mail if "student-sanne" in parsed(m)["To"])
    assert to_candidate["Subject"].startswith("De beoordeling is gestart")
    assert "geen bewijsstukken" in to_candidate.get_payload(decode=True).decode("utf-8")
    sent_mail.clear()
    process.fill_form("beoordelaar-1")
    assert sent_mail == []
    process.fill_form("beoordelaar-2")
    assert recipients(sent_mail) == ["examencie-vaart@demo.proeve.invalid"]


def test_nothing_is_sent_when_the_transaction_aborts(functional_portal, sent_mail):
    pvb = functional_portal.unrestrictedTraverse(
        "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
    )
    assert send(pvb, "assess", ["beoordelaar-1"]) == 1
    transaction.abort()
    assert sent_mail == []
    send(pvb, "assess", ["beoordelaar-1"])
    transaction.commit()
    assert len(sent_mail) == 1


def test_concurrent_last_approvals_mail_once(process, request_factory, sent_mail):
    content_hash = process.dossier()["content_hash"]
    logins = ["student-sanne", "docent-vaart", "praktijk-jansen"]
    sessions = [Process(request_factory).as_(login) for login in logins]
    barrier = threading.Barrier(len(sessions))

    def approve(session):
        barrier.wait()
        session.post(f"{process.path}/@approve", json={"content_hash": content_hash})

    threads = [threading.Thread(target=approve, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert process.phase() == "establishment"
    assert recipients(sent_mail) == ["vaststeller-vaart@demo.proeve.invalid"]
