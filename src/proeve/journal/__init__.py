"""An append-only, hash-chained journal of everything that matters in an exam.

Each PvB has its own chain (in an annotation of the PvB); events outside a PvB go to the
site's chain. The site also keeps the head (length, last hash) of every chain, so a
cut-off tail is detected as well as a changed or removed entry.

What the database administrator could still change is detected too: an entry that records a
record carries the SHA-256 of its content (journal.records), which verification recomputes,
and every head is also appended to an anchor file outside the database after the commit
(journal.anchors), so a journal rewritten and re-hashed, or shortened, is found.

Entries are written in the same ZODB transaction as the change they describe: an
aborted transaction leaves none, a conflict retry writes them once.
"""

from proeve.journal.store import record  # noqa: F401
from proeve.journal.verify import verify  # noqa: F401
