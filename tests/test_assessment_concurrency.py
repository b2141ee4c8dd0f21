"""Assessors at work at the same time (issue 22): what each score PATCH writes, and what
concurrent forms must not conflict on."""

from tests.process_helpers import Process
import pytest


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def versions(process, form_url):
    """The form's saved versions as its history lists them: [(version, comment)]."""
    path = form_url.split("/plone/", 1)[1]
    history = process.as_("examencie-vaart").get(f"{path}/@history")
    assert history.status_code == 200, history.text
    return [(h["version"], h["comments"]) for h in history.json() if h["type"] == "versioning"]


def test_a_score_patch_keeps_one_version_with_its_comment(process):
    process.to_assessment()
    session = process.as_("beoordelaar-1")
    created = session.post(f"{process.path}/@assessment")
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    before = versions(process, url)
    criterion = process.dossier("platformbeheer")["assignment"]["work_processes"][0]["criteria"]
    scores = {criterion[0]["id"]: {"result": "satisfied", "justification": "onderbouwing"}}
    response = session.patch(f"{process.path}/@assessment", json={"scores": scores})
    assert response.status_code == 200, response.text
    after = versions(process, url)
    assert len(after) == len(before) + 1, after
    assert (response.json()["version"], "Beoordeling bijgewerkt") in after


def test_a_retried_conflict_is_logged_with_its_object(caplog):
    """The benchmark counts these lines; an operator sees what concurrent writers share."""
    from BTrees.IOBTree import IOBucket
    from proeve.conflicts import log_retried_conflict
    from ZODB.POSException import ConflictError
    from ZODB.utils import p64
    from ZPublisher.pubevents import PubFailure
    import logging
    import sys

    class Request(dict):
        pass

    request = Request(REQUEST_METHOD="POST", ACTUAL_URL="http://nohost/plone/pvb/@assessment")
    try:
        raise ConflictError(object=IOBucket(), oid=p64(0x25F2))
    except ConflictError:
        failure = sys.exc_info()
    with caplog.at_level(logging.INFO, logger="proeve.conflicts"):
        log_retried_conflict(PubFailure(request, failure, retry=False))
        assert caplog.messages == []  # the last try: the client gets the error, no retry
        log_retried_conflict(PubFailure(request, failure, retry=True))
    assert caplog.messages == [
        "ConflictError retried: oid 0x25f2, class BTrees.IOBTree.IOBucket, "
        "POST http://nohost/plone/pvb/@assessment"
    ]
