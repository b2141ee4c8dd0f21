"""The patches Proeve still needs are known, and fail loudly when upstream changes.

Issue 19.12: where Plone, Zope, ZODB or CMF offer an extension point, Proeve uses it (undo:
the permission at the Zope root, proeve.undo; history ids: the site's own
portal_uidgenerator, proeve.historyids; a whole-site path: the site's own path index,
proeve.pathindex; login throttling: the PAS plugin proeve.logins.guard). What has none
stays a patch, listed in docs/operations.md "Known patches". For each, the source of the
patched function and of the upstream code the replacement relies on is recorded here: a new
version of the package that changes it fails this test, and whoever upgrades re-checks the
patch against the new code before recording the new hash.
"""

from pathlib import Path
from xml.etree import ElementTree
import hashlib
import importlib
import importlib.metadata
import inspect
import pytest


SRC = Path(__file__).parent.parent / "src" / "proeve"
MONKEY = "{http://namespaces.plone.org/monkey}patch"

# The patches of collective.monkeypatcher in Proeve's ZCML: (class, method) -> our module.
PATCHES = {
    ("ZODB.FileStorage.FileStorage.FileStorage", "_abort"): "aborted_blobs.py",
    ("plone.app.vocabularies.principals.BaseFactory", "use_principal_triple"): "directory.py",
    (
        "plone.app.vocabularies.principals.PrincipalsVocabulary",
        "_get_principal_from_source",
    ): "directory.py",
    ("Products.PlonePAS.tools.membership.MembershipTool", "searchMembers"): "directory.py",
    ("Products.PlonePAS.tools.membership.MembershipTool", "searchForMembers"): "directory.py",
    ("Products.PlonePAS.tools.membership.MembershipTool", "getMemberInfo"): "directory.py",
}

# Upstream code as the patches were written against it:
# (distribution, version, class, function, SHA-256 of inspect.getsource).
UPSTREAM = [
    (
        "ZODB",
        "6.4",
        "ZODB.FileStorage.FileStorage.FileStorage",
        "_abort",
        "67abaa409c06f9d43f9104d62602605f667e65aea963c2a804d43255d1aa41c1",
    ),
    # aborted_blobs relies on: tpc_abort calls _abort under the storage's locks, and
    # _blob_tpc_abort removes the files of dirty_oids.
    (
        "ZODB",
        "6.4",
        "ZODB.BaseStorage.BaseStorage",
        "tpc_abort",
        "1e38f3a7d53f6311b2458e92280c7ebaee0b6f36390579e82ecbd509ca6a114b",
    ),
    (
        "ZODB",
        "6.4",
        "ZODB.blob.BlobStorageMixin",
        "_blob_tpc_abort",
        "39771c9f1beca1e03d7288e64b7ea4161b65f5cede082c4e175bbb8284a0794b",
    ),
    (
        "plone.app.vocabularies",
        "7.0.0",
        "plone.app.vocabularies.principals.BaseFactory",
        "use_principal_triple",
        "4ccf9ba920246919ae55f4c5da3f2f2e89009db607443bf42dfe20257ce1b512",
    ),
    (
        "plone.app.vocabularies",
        "7.0.0",
        "plone.app.vocabularies.principals.PrincipalsVocabulary",
        "_get_principal_from_source",
        "75b450a3fe5bf7060ff3b60fc8a57902c74bb48fe2af1d678e8229b4cf204f54",
    ),
    (
        "Products.PlonePAS",
        "9.0.0",
        "Products.PlonePAS.tools.membership.MembershipTool",
        "searchMembers",
        "ada30e38a8cfedb0e5c3bbb443b84b183101f6ccaf383c973c03d875e02fafdf",
    ),
    (
        "Products.PlonePAS",
        "9.0.0",
        "Products.PlonePAS.tools.membership.MembershipTool",
        "searchForMembers",
        "de73ed4ffc834214a8a10d35122e443423c969b6f2d119798af98a32d5dcc755",
    ),
    (
        "Products.PlonePAS",
        "9.0.0",
        "Products.PlonePAS.tools.membership.MembershipTool",
        "getMemberInfo",
        "94e282ab71c40e38a3b497080d39f44bf97fdf5f6e51f65ff8c345dd9124c1a7",
    ),
]


def resolve(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def upstream_function(cls, name):
    """The upstream function, also while collective.monkeypatcher has replaced it."""
    return cls.__dict__.get(f"_old_{name}", cls.__dict__[name])


def patches_in_zcml():
    found = set()
    for path in SRC.rglob("*.zcml"):
        for patch in ElementTree.parse(path).iter(MONKEY):
            found.add((patch.get("class"), patch.get("original")))
    return found


def test_every_patch_is_known_and_guarded():
    assert patches_in_zcml() == set(PATCHES), (
        "A patch was added or removed: list it in PATCHES and UPSTREAM here and in "
        'docs/operations.md "Known patches", or use an extension point instead.'
    )
    guarded = {(cls, name) for _, _, cls, name, _ in UPSTREAM}
    assert set(PATCHES) <= guarded


@pytest.mark.parametrize(
    ("distribution", "version", "dotted", "name", "recorded"),
    UPSTREAM,
    ids=[f"{entry[2].rpartition('.')[2]}.{entry[3]}" for entry in UPSTREAM],
)
def test_patched_upstream_code_is_as_recorded(
    portal, distribution, version, dotted, name, recorded
):
    source = inspect.getsource(upstream_function(resolve(dotted), name))
    digest = hashlib.sha256(source.encode()).hexdigest()
    installed = importlib.metadata.version(distribution)
    ours = PATCHES.get((dotted, name), "aborted_blobs.py")
    assert (installed, digest) == (version, recorded), (
        f"{distribution} {installed} (patch written against {version}) changed "
        f"{dotted}.{name}. Re-check src/proeve/{ours} against the new code: is the patch "
        "still needed (did upstream fix it, see docs/operations.md 'Known patches'), does it "
        "still fit? Then record the new version and hash in tests/test_known_patches.py."
    )


def test_undo_catalog_and_history_ids_are_not_patched(portal):
    """The extension points replaced these patches (issue 19.12)."""
    from App.Undo import UndoSupport
    from Products.CMFUid.UniqueIdGeneratorTool import UniqueIdGeneratorTool
    from Products.ZCatalog.Catalog import Catalog

    for cls, name in (
        (UndoSupport, "manage_undo_transactions"),
        (UndoSupport, "undoable_transactions"),
        (UniqueIdGeneratorTool, "__call__"),
        (Catalog, "make_query"),
    ):
        assert getattr(cls, name).__module__ == cls.__module__, (cls, name)
        assert not hasattr(cls, f"_old_{name}"), (cls, name)
