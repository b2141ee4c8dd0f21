"""Demo data: one login for every role, loaded once and never duplicated.

Every capability adds its part here; each ``ensure_*`` function only creates
what is missing, so a second ``make run`` keeps what is already there.
"""

from proeve.demo.content import ensure_demo_content
from proeve.demo.users import ensure_demo_users
from proeve.process.notify import silenced


def ensure_demo_data(portal):
    """Create whatever demo data is missing; return what was created (and mail nobody)."""
    with silenced():
        return {"users": ensure_demo_users(portal), "content": ensure_demo_content(portal)}
