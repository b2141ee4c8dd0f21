"""Journal chain heads written outside the database: the anchor file.

After each commit that journaled something, one line per chain it touched is appended to the
anchor file: ``<UTC time> <transaction id (hex)> <chain id> <length> <head hash>``. The file lives
beside the data (``PROEVE_JOURNAL_ANCHORS``, which the generated zope.conf sets to
``var/journal-anchors.log``, or ``journal-anchors`` in the ``proeve`` product-config) and is
only ever appended to. A journal rewritten and re-hashed consistently inside the database,
or shortened (as an undo would), no longer passes through the heads the file recorded.

Verification reads the file as a stream and checks each line against the chains: the entry
at that length must exist and carry that hash. Lines of transactions newer than the view of
the database that verification reads (a commit while a backup runs) are left for a later
check.
"""

from datetime import datetime
from datetime import UTC
from ZODB.utils import p64
from ZODB.utils import u64
import logging
import os
import transaction


logger = logging.getLogger("proeve.journal")
ENVIRONMENT = "PROEVE_JOURNAL_ANCHORS"
PRODUCT_CONFIG = "journal-anchors"
_PENDING = "proeve.journal.anchors"


def anchor_path():
    """The anchor file of this instance, or None when none is configured."""
    path = os.environ.get(ENVIRONMENT)
    if path:
        return path
    from App.config import getConfiguration

    config = (getattr(getConfiguration(), "product_config", None) or {}).get("proeve") or {}
    return config.get(PRODUCT_CONFIG) or None


def remember(chain):
    """Anchor this chain's head once the current transaction has committed."""
    if anchor_path() is None:
        return
    txn = transaction.get()
    try:
        pending = txn.data(_PENDING)
    except KeyError:
        pending = {}
        txn.set_data(_PENDING, pending)
        txn.addAfterCommitHook(_write_anchors, (pending,))
    pending[chain.chain_id] = chain


def line(time, tid, chain_id, length, head):
    return f"{time} {tid} {chain_id} {length} {head}\n"


def _write_anchors(committed, pending):
    if not committed:
        return
    path = anchor_path()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    lines = "".join(
        # The chain's serial is now the id of the transaction that committed this head.
        line(now, chain._p_serial.hex(), chain_id, chain.length, chain.last_hash)
        for chain_id, chain in pending.items()
    )
    try:
        # One write with O_APPEND: processes that share the file never interleave a line.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, lines.encode("ascii"))
        finally:
            os.close(descriptor)
    except OSError:
        # The commit stands; the next one anchors the chain again.
        logger.exception("could not append to the journal anchor file %s", path)


def read(path):
    """(line number, tid, chain id, length, hash) per line; (number, None, ...) for a line
    that cannot be read."""
    with open(path, encoding="ascii", errors="replace") as stream:
        for number, text in enumerate(stream, 1):
            parts = text.split()
            try:
                _time, tid, chain_id, length, head = parts
                yield number, int(tid, 16), chain_id, int(length), head
            except ValueError:
                yield number, None, None, None, None


def view_tid(obj):
    """The id of the newest transaction the connection of obj sees."""
    storage = obj._p_jar._storage
    start = getattr(storage, "_start", None)  # ZODB's MVCC adapter (FileStorage, DemoStorage)
    if start is not None:
        return u64(start) - 1
    # RelStorage: each connection's storage instance answers for its own snapshot.
    return u64(storage.lastTransaction())


def check_point(chain, length, head):
    """None when the chain passes through (length, head), else what is wrong."""
    if chain.length < length:
        return f"{chain.length} entries, but {{source}} recorded {length} (entries were cut off)"
    entry = chain.entries.get(length - 1)
    if entry is None or entry.get("hash") != head:
        return (
            f"entry {length - 1} differs from the one {{source}} recorded "
            "(the journal was rewritten)"
        )
    return None


def check_file(path, chains, newest_tid, names, removed=()):
    """(problems, notes) of the anchor file against the chains (chain id -> chain; removed:
    the ids of chains the site rightly no longer has).

    Each chain is reported once, at its first line that does not hold."""
    problems, reported = [], set(removed)
    later = 0
    for number, tid, chain_id, length, head in read(path):
        if tid is None:
            problems.append(f"anchor file line {number} cannot be read")
            continue
        if tid > newest_tid:
            later += 1
            continue
        if chain_id in reported:
            continue
        chain = chains.get(chain_id)
        if chain is None:
            reported.add(chain_id)
            problems.append(
                f"{chain_id}: the anchor file (line {number}) knows this chain, "
                "but the database does not"
            )
            continue
        wrong = check_point(chain, length, head)
        if wrong:
            reported.add(chain_id)
            source = f"the anchor file (line {number}, transaction {p64(tid).hex()})"
            problems.append(f"{names.get(chain_id, chain_id)}: {wrong.format(source=source)}")
    notes = []
    if later:
        notes.append(f"{later} anchor lines of transactions newer than this view: not checked")
    return problems, notes
