"""Demo data: one login for every role, loaded once and never duplicated.

Every capability adds its part here; each ``ensure_*`` function only creates
what is missing, so a second ``make run`` keeps what is already there. Nothing is created
in a site that was not created as a demo site (proeve.demosite).
"""

from proeve.demo.content import ensure_demo_content
from proeve.demo.users import ensure_demo_users
from proeve.demosite import is_demo_site
from proeve.process.notify import silenced
import logging


logger = logging.getLogger("proeve.demo")


def ensure_demo_data(portal):
    """Create whatever demo data is missing; return what was created (and mail nobody).

    A site that was not created as a demo site gets nothing, whoever asks."""
    if not is_demo_site(portal):
        logger.info("%s is not a demo site: no demo data added", portal.getId())
        return {}
    with silenced():
        return {"users": ensure_demo_users(portal), "content": ensure_demo_content(portal)}
