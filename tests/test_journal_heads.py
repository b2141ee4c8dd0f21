"""The site's record of every journal chain's head (proeve.journal.heads).

Every journaled action of every PvB writes its head, so parallel work on the PvBs of a group
(approvals, uploads) met here. The heads are tuples, which ZODB merges when two commits
change the heads of different chains; dicts made every such pair a write conflict.
"""

from BTrees.OOBTree import OOBTree
from plone import api
from proeve import PROFILE_ID
from proeve.journal import verify
from proeve.journal.store import get_head
from proeve.journal.store import head_value
from proeve.journal.store import heads
from proeve.journal.store import read_head
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
import pytest
import transaction
import ZODB


def two_commits(tmp_path, value):
    """Two transactions change the heads of different chains in one bucket."""
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as connection:
        tree = connection.root()["heads"] = OOBTree()
        for n in range(20):
            tree[f"chain-{n:02}"] = value(1)
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    one.root()["heads"]["chain-03"] = value(2)
    two.root()["heads"]["chain-11"] = value(2)
    first.commit()
    try:
        second.commit()
        with db.transaction() as connection:
            tree = connection.root()["heads"]
            return tree["chain-03"], tree["chain-11"]
    finally:
        db.close()


def test_parallel_heads_of_different_chains_are_merged(tmp_path):
    assert two_commits(tmp_path, lambda n: head_value(n, f"hash-{n}")) == (
        (2, "hash-2"),
        (2, "hash-2"),
    )


def test_dict_heads_conflicted(tmp_path):
    """Why the heads changed: this is what the old values did."""
    with pytest.raises(ConflictError):
        two_commits(tmp_path, lambda n: {"length": n, "hash": f"hash-{n}"})


def test_read_head_reads_both_forms():
    assert read_head(head_value(3, "abc")) == {"length": 3, "hash": "abc", "removed": False}
    assert read_head(head_value(3, "abc", removed=True))["removed"] is True
    assert read_head({"length": 3, "hash": "abc", "removed": True}) == {
        "length": 3,
        "hash": "abc",
        "removed": True,
    }
    assert read_head(None) is None


def test_upgrade_1004_rewrites_dict_heads(portal):
    recorded = heads(portal)
    assert recorded, "the demo data journals: there are heads to rewrite"
    before = {chain_id: read_head(value) for chain_id, value in recorded.items()}
    for chain_id, head in before.items():
        old = {"length": head["length"], "hash": head["hash"]}
        if head["removed"]:
            old["removed"] = True
        recorded[chain_id] = old
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1003")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    assert all(isinstance(value, tuple) for value in recorded.values())
    assert {chain_id: get_head(portal, chain_id) for chain_id in recorded} == before
    _chains, _entries, problems = verify(portal)
    assert problems == []
