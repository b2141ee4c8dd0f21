"""Verifying every journal chain: a changed, removed or cut-off entry is reported."""

from proeve.journal.store import chain_for
from proeve.journal.store import entry_hash
from proeve.journal.store import GENESIS
from proeve.journal.store import get_head
from proeve.journal.store import heads
from proeve.journal.store import read_head
from proeve.journal.store import SITE_CHAIN


def verify_chain(chain, head=None):
    problems = []
    expected_prev = GENESIS
    count = 0
    for seq, entry in chain.entries.items():
        if seq != count:
            problems.append(f"{chain.chain_id}: entry {count} is missing")
            count = seq
        if entry.get("seq") != seq:
            problems.append(f"{chain.chain_id}: entry {seq} carries number {entry.get('seq')}")
        if entry.get("prev") != expected_prev:
            problems.append(f"{chain.chain_id}: entry {seq} does not follow its predecessor")
        if entry_hash(entry) != entry.get("hash"):
            problems.append(f"{chain.chain_id}: entry {seq} was changed")
        expected_prev = entry.get("hash")
        count += 1
    if chain.length != count or chain.last_hash != expected_prev:
        problems.append(f"{chain.chain_id}: the chain's own length or last hash does not match")
    if head is not None and (head["length"] != count or head["hash"] != expected_prev):
        problems.append(
            f"{chain.chain_id}: {count} entries, but the site recorded {head['length']} "
            "(entries were cut off or added outside the journal)"
        )
    return problems, count


def verify(site):
    """Return (number of chains, number of entries, list of problems)."""
    from Products.CMFCore.utils import getToolByName

    problems, chains, entries = [], 0, 0
    seen = set()
    site_chain = chain_for(site, create=False)
    if site_chain is not None:
        found, count = verify_chain(site_chain, get_head(site, SITE_CHAIN))
        problems += found
        chains += 1
        entries += count
        seen.add(SITE_CHAIN)
    catalog = getToolByName(site, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="PvB"):
        pvb = brain._unrestrictedGetObject()
        chain = chain_for(pvb, create=False)
        if chain is None:
            continue
        found, count = verify_chain(chain, get_head(site, chain.chain_id))
        problems += found
        chains += 1
        entries += count
        seen.add(chain.chain_id)
    for chain_id, value in heads(site).items():
        if chain_id not in seen and not read_head(value)["removed"]:
            problems.append(f"{chain_id}: the site knows this chain but it is gone")
    return chains, entries, problems
